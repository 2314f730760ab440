// Cache operation sequences shared by the LocMem (real Django) and Redis (real redis-server)
// conformance tests: the same op shape is sent to the real component and, as events, to the model.
import fc from 'fast-check';
import type { JsonValue } from '../../../src/json';
import type { DjangoCacheEvent, DjangoCacheInput } from '../../../src/layers/djangoCache';

export type CacheOp =
  | { op: 'get'; key: string; default?: JsonValue; version?: number; nowMs: number }
  | { op: 'set' | 'add'; key: string; value: JsonValue; timeoutS?: number | null; version?: number; nowMs: number }
  | { op: 'delete'; key: string; version?: number; nowMs: number }
  | { op: 'incr'; key: string; delta?: number; version?: number; nowMs: number }
  | { op: 'clear'; nowMs: number };

export type CacheSettings = Omit<DjangoCacheInput, 'backend'>;

export interface CacheSequence {
  settings: CacheSettings;
  ops: CacheOp[];
}

export function toEvent(op: CacheOp): DjangoCacheEvent {
  const { op: name, ...rest } = op;
  return { type: `cache.${name}`, ...rest } as DjangoCacheEvent;
}

/** Sorts object keys, so that replies built in a different key order compare equal. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'calendar_feed:1:None:None:2025-09-28:2025-11-09'];

// Ints dominate so that incr mostly succeeds; the rest exercise the type rules.
const valueArb: fc.Arbitrary<JsonValue> = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 50 }), weight: 5 },
  { arbitrary: fc.constantFrom('feed', '', '7'), weight: 2 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.record({ a: fc.integer({ min: 0, max: 9 }), b: fc.constantFrom('x', 'y') }), weight: 1 },
);

export interface SequenceShape {
  /** Time that passes before each op, in ms. */
  advancesMs: number[];
  /** Explicit timeouts (an omitted timeout, i.e. the default, is always possible too). */
  timeoutsS: (number | null)[];
  defaultTimeoutsS: (number | null)[];
  maxEntries: { min: number; max: number };
}

type OpWithoutTime = CacheOp extends infer O ? (O extends CacheOp ? Omit<O, 'nowMs'> : never) : never;

export function sequenceArb(shape: SequenceShape): fc.Arbitrary<CacheSequence> {
  const key = fc.constantFrom(...KEYS);
  // A per-call version is rare (mostly the cache's VERSION is used), so that keys collide often.
  const version = fc.constantFrom(1, 2);
  const timeout = fc.constantFrom<number | null>(...shape.timeoutsS);
  const opArb: fc.Arbitrary<OpWithoutTime> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('get' as const), key, default: valueArb, version }, { requiredKeys: ['op', 'key'] }), weight: 40 },
    {
      arbitrary: fc.record({ op: fc.constant('set' as const), key, value: valueArb, timeoutS: timeout, version }, { requiredKeys: ['op', 'key', 'value'] }),
      weight: 50,
    },
    {
      arbitrary: fc.record({ op: fc.constant('add' as const), key, value: valueArb, timeoutS: timeout, version }, { requiredKeys: ['op', 'key', 'value'] }),
      weight: 20,
    },
    { arbitrary: fc.record({ op: fc.constant('delete' as const), key, version }, { requiredKeys: ['op', 'key'] }), weight: 10 },
    {
      arbitrary: fc.record({ op: fc.constant('incr' as const), key, delta: fc.integer({ min: -3, max: 3 }), version }, { requiredKeys: ['op', 'key'] }),
      weight: 20,
    },
    { arbitrary: fc.constant({ op: 'clear' as const }), weight: 2 },
  );
  const settingsArb: fc.Arbitrary<CacheSettings> = fc.record({
    maxEntries: fc.integer(shape.maxEntries),
    cullFrequency: fc.constantFrom(0, 1, 2, 3, 4),
    defaultTimeoutS: fc.constantFrom(...shape.defaultTimeoutsS),
    keyPrefix: fc.constantFrom('', 'obcms_cache'),
    version: fc.constantFrom(1, 2),
  });
  const stepsArb = fc.array(fc.tuple(fc.constantFrom(...shape.advancesMs), opArb, fc.integer({ min: 0, max: 9 })), {
    minLength: 5,
    maxLength: 40,
  });
  return fc.tuple(settingsArb, stepsArb).map(([settings, steps]) => {
    let nowMs = 0;
    const ops = steps.map(([advanceMs, op, dice]) => {
      nowMs += advanceMs;
      const withTime = { ...op, nowMs } as CacheOp & { version?: number };
      if (dice > 0) delete withTime.version;
      return withTime;
    });
    return { settings, ops };
  });
}
