// The Redis commands Django's RedisCache sends for each cache call, restated from
// django/core/cache/backends/redis.py (Django 4.0+; Debian's Django 3.2 has no RedisCache and
// redis-py is not installed, so this client side cannot be run for real here). It is written
// apart from src/layers/redisCache.ts on purpose: the test compares the model with what a real
// redis-server does with these commands.
import type { JsonValue } from '../../../src/json';
import type { CacheSettings } from '../django/cacheOps';
import { RespError, type RespClient, type RespValue } from './redisServer';

export type RealReply =
  | { hit: boolean; value: JsonValue }
  | { culled: string[] }
  | { added: boolean; culled: string[] }
  | { deleted: boolean }
  | { value: number }
  | { error: string; message: string }
  | { removed: string[] };

const PICKLED = 'pickle:';

/** RedisSerializer.dumps: `type(obj) is int` goes as a plain integer, anything else pickled. */
function dumps(value: JsonValue): string {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : PICKLED + JSON.stringify(value);
}

/** RedisSerializer.loads: `int(data)`, falling back to unpickling. */
function loads(data: string): JsonValue {
  if (/^\s*[+-]?\d+\s*$/.test(data)) return Number.parseInt(data, 10);
  if (!data.startsWith(PICKLED)) throw new Error(`not written by this client: ${data}`);
  return JSON.parse(data.slice(PICKLED.length)) as JsonValue;
}

export class DjangoRedisCache {
  constructor(
    private readonly client: RespClient,
    private readonly settings: CacheSettings,
  ) {}

  /** BaseCache.make_key with default_key_func. */
  makeKey(key: string, version?: number): string {
    return `${this.settings.keyPrefix}:${version ?? this.settings.version}:${key}`;
  }

  /** RedisCache.get_backend_timeout: DEFAULT_TIMEOUT -> TIMEOUT; None stays; else max(0, int(t)). */
  private backendTimeout(timeoutS: number | null | undefined): number | null {
    const t = timeoutS === undefined ? this.settings.defaultTimeoutS : timeoutS;
    return t === null ? null : Math.max(0, Math.trunc(t));
  }

  async get(key: string, fallback: JsonValue, version?: number): Promise<RealReply> {
    const data = await this.client.call('GET', this.makeKey(key, version));
    return data === null ? { hit: false, value: fallback } : { hit: true, value: loads(expectString(data)) };
  }

  async set(key: string, value: JsonValue, timeoutS: number | null | undefined, version?: number): Promise<RealReply> {
    const made = this.makeKey(key, version);
    const t = this.backendTimeout(timeoutS);
    if (t === 0) await this.client.call('DEL', made);
    else if (t === null) expectOk(await this.client.call('SET', made, dumps(value)));
    else expectOk(await this.client.call('SET', made, dumps(value), 'EX', t));
    return { culled: [] };
  }

  async add(key: string, value: JsonValue, timeoutS: number | null | undefined, version?: number): Promise<RealReply> {
    const made = this.makeKey(key, version);
    const t = this.backendTimeout(timeoutS);
    if (t === 0) {
      const stored = (await this.client.call('SET', made, dumps(value), 'NX')) === 'OK';
      if (stored) await this.client.call('DEL', made);
      return { added: stored, culled: [] };
    }
    const args = t === null ? ['SET', made, dumps(value), 'NX'] : ['SET', made, dumps(value), 'EX', t, 'NX'];
    return { added: (await this.client.call(...args)) === 'OK', culled: [] };
  }

  async delete(key: string, version?: number): Promise<RealReply> {
    return { deleted: (await this.client.call('DEL', this.makeKey(key, version))) !== 0 };
  }

  /** EXISTS, then INCRBY: two round trips, as RedisCacheClient.incr does. */
  async incr(key: string, delta: number, version?: number): Promise<RealReply> {
    const made = this.makeKey(key, version);
    if ((await this.client.call('EXISTS', made)) === 0) return { error: 'ValueError', message: `Key '${made}' not found.` };
    const result = await this.client.call('INCRBY', made, delta);
    // redis-py raises ResponseError with the server's message minus its "ERR " code.
    if (result instanceof RespError) return { error: 'ResponseError', message: result.message.replace(/^ERR /, '') };
    return { value: result as number };
  }

  async clear(): Promise<RealReply> {
    // Which keys went is read by the harness; Django only sends FLUSHDB.
    const keys = (await this.client.call('KEYS', '*')) as string[];
    expectOk(await this.client.call('FLUSHDB'));
    return { removed: [...keys].sort() };
  }
}

function expectString(value: RespValue): string {
  if (typeof value !== 'string') throw new Error(`expected a bulk string, got ${JSON.stringify(value)}`);
  return value;
}

function expectOk(value: RespValue): void {
  if (value !== 'OK') throw new Error(`expected OK, got ${JSON.stringify(value)}`);
}
