// Conformance of the Redis backend model (src/layers/redisCache.ts via djangoCache.ts) against a
// real redis-server, driven with the commands Django's RedisCache sends (redis/djangoRedisCache.ts).
// Two connections play two gunicorn workers: the model has one shared cache, so any op may go
// through either. Time: Redis expires by its own wall clock, so the harness moves the clock
// forward by shortening every key's TTL with a Lua script (PTTL - advance, or DEL when nothing
// is left). Advances are k*1000+1 ms, so a virtual instant never lands exactly on an expiry,
// where a few ms of real time passing could tip the verdict.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialDjangoCacheContext, reduceDjangoCache, type DjangoCacheContext } from '../../src/layers/djangoCache';
import { canonical, sequenceArb, toEvent, type CacheOp, type CacheSequence } from './django/cacheOps';
import { DjangoRedisCache, type RealReply } from './redis/djangoRedisCache';
import { RespClient, startRedisServer, type RedisServer } from './redis/redisServer';
import { ConformanceRecorder } from './report';

const SEED = 20251006;
const GENERATED = 300;

// Shortens every TTL by ARGV[1] ms; a key with no time left is deleted, as expiry would.
const ADVANCE_CLOCK = `
local d = tonumber(ARGV[1])
for _, k in ipairs(redis.call('KEYS', '*')) do
  local t = redis.call('PTTL', k)
  if t >= 0 then
    if t - d <= 0 then redis.call('DEL', k) else redis.call('PEXPIRE', k, t - d) end
  end
end
return 0`;

// Every key with its remaining ms (-1 = none) and raw value, in one round trip.
const SNAPSHOT = `
local out = {}
for _, k in ipairs(redis.call('KEYS', '*')) do
  table.insert(out, k)
  table.insert(out, redis.call('PTTL', k))
  table.insert(out, redis.call('GET', k))
end
return out`;

type Entry = [string, unknown, number | null];

function decode(raw: string): unknown {
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : JSON.parse(raw.replace(/^pickle:/, ''));
}

async function realSnapshot(client: RespClient): Promise<Entry[]> {
  const flat = (await client.call('EVAL', SNAPSHOT, 0)) as (string | number)[];
  const entries: Entry[] = [];
  for (let i = 0; i < flat.length; i += 3) {
    const pttl = flat[i + 1] as number;
    entries.push([flat[i] as string, decode(flat[i + 2] as string), pttl < 0 ? null : Math.ceil(pttl / 1000)]);
  }
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function modelSnapshot(context: DjangoCacheContext, nowMs: number): Entry[] {
  return context.entries
    .map((e): Entry => [e.key, e.value, e.expiresAtMs === null ? null : Math.ceil((e.expiresAtMs - nowMs) / 1000)])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

async function runReal(cache: DjangoRedisCache, op: CacheOp): Promise<RealReply> {
  switch (op.op) {
    case 'get':
      return cache.get(op.key, op.default ?? null, op.version);
    case 'set':
      return cache.set(op.key, op.value, op.timeoutS, op.version);
    case 'add':
      return cache.add(op.key, op.value, op.timeoutS, op.version);
    case 'delete':
      return cache.delete(op.key, op.version);
    case 'incr':
      return cache.incr(op.key, op.delta ?? 1, op.version);
    case 'clear':
      return cache.clear();
  }
}

/** The model's reply in the real one's terms: Django cannot see `expired`; removed keys unordered. */
function comparableModelReply(context: DjangoCacheContext): unknown {
  const reply = context.reply;
  if (reply && 'hit' in reply) return { hit: reply.hit, value: reply.value };
  if (reply && 'removed' in reply) return { removed: [...reply.removed].sort() };
  return reply;
}

const HANDPICKED: CacheSequence[] = [
  {
    // Shared: worker 0 caches the feed, worker 1 deletes it, worker 0 misses. No cull at MAX_ENTRIES 1.
    settings: { maxEntries: 1, cullFrequency: 3, defaultTimeoutS: 300, keyPrefix: '', version: 1 },
    ops: [
      { op: 'set', key: 'calendar_feed:1:None:None:2025-09-28:2025-11-09', value: ['item'], nowMs: 0 },
      { op: 'set', key: 'k0', value: 1, nowMs: 0 },
      { op: 'set', key: 'k1', value: 2, nowMs: 0 },
      { op: 'delete', key: 'calendar_feed:1:None:None:2025-09-28:2025-11-09', nowMs: 1 },
      { op: 'get', key: 'calendar_feed:1:None:None:2025-09-28:2025-11-09', default: 'miss', nowMs: 1 },
    ],
  },
  {
    // Timeout rules: 0 / negative / 0.5 delete; None drops the TTL; add with 0; incr keeps TTL; non-int incr.
    settings: { maxEntries: 300, cullFrequency: 3, defaultTimeoutS: 300, keyPrefix: 'obcms_cache', version: 1 },
    ops: [
      { op: 'set', key: 'a', value: 1, timeoutS: 5, nowMs: 0 },
      { op: 'set', key: 'a', value: 2, timeoutS: 0.5, nowMs: 0 },
      { op: 'set', key: 'b', value: 1, timeoutS: 5, nowMs: 0 },
      { op: 'set', key: 'b', value: 3, timeoutS: null, nowMs: 0 },
      { op: 'add', key: 'c', value: 1, timeoutS: 0, nowMs: 0 },
      { op: 'set', key: 'n', value: 10, timeoutS: 3, nowMs: 0 },
      { op: 'incr', key: 'n', delta: 5, nowMs: 1001 },
      { op: 'get', key: 'n', nowMs: 2002 },
      { op: 'incr', key: 'n', nowMs: 3003 },
      { op: 'set', key: 't', value: true, nowMs: 3003 },
      { op: 'incr', key: 't', nowMs: 3003 },
      { op: 'set', key: 's', value: '7', nowMs: 3003 },
      { op: 'incr', key: 's', nowMs: 3003 },
    ],
  },
];

let server: RedisServer;
let second: RespClient;

beforeAll(async () => {
  server = await startRedisServer();
  second = await RespClient.connect(server.port);
});

afterAll(async () => {
  second?.close();
  await server?.stop();
});

describe('redis-server with the commands Django RedisCache sends', () => {
  it(`agrees step by step with the model on ${HANDPICKED.length} hand-written and ${GENERATED} generated sequences over two connections (seed ${SEED})`, async () => {
    const sequences = [
      ...HANDPICKED,
      ...fc.sample(
        sequenceArb({
          advancesMs: [0, 0, 1001, 2001, 3001],
          timeoutsS: [null, 0, 1, 2, 5, 60, -1, 0.5, 1.7],
          defaultTimeoutsS: [300, 3, null, 0],
          maxEntries: { min: 1, max: 3 },
        }),
        { seed: SEED, numRuns: GENERATED },
      ),
    ];
    const workers = fc.sample(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 40, maxLength: 40 }), {
      seed: SEED + 1,
      numRuns: sequences.length,
    });
    const recorder = new ConformanceRecorder({
      name: 'redis',
      layer: 'redis',
      real: `${server.version}; commands as django.core.cache.backends.redis.RedisCache (Django 4.0+) sends them, restated in test/conformance/redis/djangoRedisCache.ts`,
      mustAgree: true,
      seed: SEED,
      notes: [
        'One case = one operation; compared: the reply Django would return and every key afterwards (value, TTL rounded up to seconds), keys sorted.',
        'Two RESP connections stand for two workers; each op goes through one of them at random, against one shared model cache.',
        'Virtual time: the harness shortens every TTL (PTTL - advance, DEL at <= 0) in one Lua script; advances are k*1000+1 ms so no instant lands on an expiry.',
        'Not compared: the model-only `expired` flag of get; the EXISTS/INCRBY gap (the model runs incr atomically).',
      ],
    });
    let agreedSequences = 0;
    for (const [s, sequence] of sequences.entries()) {
      await server.client.call('FLUSHDB');
      const caches = [server.client, second].map((c) => new DjangoRedisCache(c, sequence.settings));
      let context = initialDjangoCacheContext({ backend: 'redis', ...sequence.settings });
      let previousMs = 0;
      let ok = true;
      for (const [i, op] of sequence.ops.entries()) {
        if (op.nowMs > previousMs) await server.client.call('EVAL', ADVANCE_CLOCK, 0, op.nowMs - previousMs);
        previousMs = op.nowMs;
        const worker = workers[s][i];
        const realReply = await runReal(caches[worker], op);
        context = reduceDjangoCache(context, toEvent(op));
        const real = { reply: realReply, entries: await realSnapshot(server.client) };
        const model = { reply: comparableModelReply(context), entries: modelSnapshot(context, op.nowMs) };
        const input = { sequence: s, step: i, worker, settings: sequence.settings, opsSoFar: sequence.ops.slice(0, i + 1) };
        if (!recorder.record(input, canonical(model), canonical(real))) {
          ok = false;
          break;
        }
      }
      if (ok) agreedSequences++;
    }
    recorder.result.notes?.push(`${agreedSequences} of ${sequences.length} sequences agreed in full.`);
    const section = recorder.write();
    expect(section.disagreements.slice(0, 2)).toEqual([]);
    expect(section.cases).toBeGreaterThan(GENERATED * 5);
  });
});
