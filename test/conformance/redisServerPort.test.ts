// The throwaway redis-server's port: one free a moment before can be taken before redis-server
// binds it (other test files and jobs start servers too). Shown with a real port taken by another
// real redis-server: the start tries another port, and the server it hands back is its own, never
// the one already there (which a conformance run would otherwise FLUSHALL).
import { afterEach, describe, expect, it } from 'vitest';
import { takenThenFree } from './portTakenOnce';
import { startRedisServer, type RedisServer } from './redis/redisServer';

const started: RedisServer[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

function processId(info: unknown): string {
  return /^process_id:(\d+)/m.exec(String(info))?.[1] ?? '?';
}

describe('redis-server on a port that was taken meanwhile', () => {
  it('tries another port and talks only to its own server', async () => {
    const other = await startRedisServer();
    started.push(other);
    await other.client.call('SET', 'theirs', '1');
    const tried: number[] = [];
    const ours = await startRedisServer({ port: takenThenFree(other.port, tried) });
    started.push(ours);
    expect(tried).toHaveLength(2);
    expect(tried[0]).toBe(other.port);
    expect(ours.port).toBe(tried[1]);
    expect(processId(await ours.client.call('INFO', 'server'))).not.toBe(processId(await other.client.call('INFO', 'server')));
    await ours.client.call('FLUSHALL');
    expect(await other.client.call('GET', 'theirs')).toBe('1');
  });

  it('gives up with a clear error after three taken ports', async () => {
    const other = await startRedisServer();
    started.push(other);
    await expect(startRedisServer({ port: async () => other.port })).rejects.toThrow(/redis-server found its port taken 3 times in a row:[\s\S]*Address already in use/);
  });
});
