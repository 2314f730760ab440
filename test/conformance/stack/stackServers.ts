// The PostgreSQL and Redis servers a real-stack test file shares: started before its tests and
// stopped after them, each on a free local port with its own data directory.
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresServer } from '../postgres/postgresServer';
import { startRedisServer, type RedisServer } from '../redis/redisServer';

export function stackServers(): { postgres(): PostgresServer | null; redis(): RedisServer | null } {
  let pg: PostgresServer | null = null;
  let redis: RedisServer | null = null;
  beforeAll(async () => {
    pg = await startPostgres();
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await pg?.stop();
    await redis?.stop();
  });
  return { postgres: () => pg, redis: () => redis };
}
