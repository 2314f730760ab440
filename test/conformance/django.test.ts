// Conformance of the Django cache model (src/layers/djangoCache.ts, LocMem backend) and of
// never_cache (src/app/neverCache.ts) against Debian's real Django (python3-django, 3.2).
// LocMem: fast-check generates op sequences (seeded; the seed is in the test title), one Python
// process runs them all through real LocMemCache instances on a virtual clock, and every step's
// reply and the cache contents afterwards (keys in LRU order, values, expiries) are compared.
// A sequence stops being compared at its first disagreement, so one model bug counts once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addNeverCacheHeaders } from '../../src/app/neverCache';
import { initialDjangoCacheContext, reduceDjangoCache } from '../../src/layers/djangoCache';
import { canonical, sequenceArb, toEvent, type CacheOp, type CacheSequence } from './django/cacheOps';
import { djangoVersion, runDjangoDriver } from './django/runDjango';
import { ConformanceRecorder } from './report';

const SEED = 20251006;
const GENERATED = 400;

interface RealStep {
  reply: Record<string, unknown>;
  entries: [string, unknown, number | null][];
}

const FACTS_SETTINGS = { maxEntries: 6, cullFrequency: 3, defaultTimeoutS: 300, keyPrefix: '', version: 1 };
const setAt = (key: string, nowMs = 0, extra: Partial<CacheOp> = {}): CacheOp => ({ op: 'set', key, value: key, nowMs, ...extra }) as CacheOp;

/** Hand-written sequences for the facts the project teaches; the generated ones follow. */
const HANDPICKED: CacheSequence[] = [
  {
    // docs/facts.md, Django cache: MAX_ENTRIES 6, after get(k0), get(k1), setting k6 evicts k2, k3.
    settings: FACTS_SETTINGS,
    ops: [
      ...['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].map((k) => setAt(k)),
      { op: 'get', key: 'k0', nowMs: 0 },
      { op: 'get', key: 'k1', nowMs: 0 },
      setAt('k6'),
    ],
  },
  {
    // Culling even when the key exists, then CULL_FREQUENCY 0 in the next sequence.
    settings: FACTS_SETTINGS,
    ops: [...['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].map((k) => setAt(k)), setAt('k5')],
  },
  {
    settings: { ...FACTS_SETTINGS, maxEntries: 3, cullFrequency: 0 },
    ops: [setAt('k0'), setAt('k1'), setAt('k2'), setAt('k1'), { op: 'get', key: 'k0', default: 'gone', nowMs: 0 }],
  },
  {
    // The seed's version counter, set with timeout=None, is culled like any other key.
    settings: { ...FACTS_SETTINGS, maxEntries: 3 },
    ops: [
      { op: 'set', key: 'calendar_feed_version:1', value: 5, timeoutS: null, nowMs: 0 },
      setAt('k0', 1000),
      setAt('k1', 2000),
      setAt('k2', 3000),
      { op: 'get', key: 'calendar_feed_version:1', default: 0, nowMs: 4000 },
    ],
  },
  {
    // Lazy expiry, timeout 0, timeout None, incr on missing/expired/bool/str.
    settings: FACTS_SETTINGS,
    ops: [
      { op: 'set', key: 'a', value: 1, timeoutS: 2, nowMs: 0 },
      { op: 'set', key: 'z', value: 'z', timeoutS: 0, nowMs: 0 },
      { op: 'set', key: 'n', value: null, timeoutS: null, nowMs: 0 },
      { op: 'get', key: 'a', nowMs: 1999 },
      { op: 'incr', key: 'a', delta: 5, nowMs: 1999 },
      { op: 'get', key: 'a', nowMs: 2000 },
      { op: 'incr', key: 'a', nowMs: 2000 },
      { op: 'get', key: 'z', nowMs: 2000 },
      { op: 'incr', key: 'n', nowMs: 2000 },
      { op: 'set', key: 'b', value: true, nowMs: 2000 },
      { op: 'incr', key: 'b', nowMs: 2000 },
      { op: 'set', key: 's', value: 'abc', nowMs: 2000 },
      { op: 'incr', key: 's', nowMs: 2000 },
      { op: 'delete', key: 's', nowMs: 2000 },
      { op: 'get', key: 'n', nowMs: 10_000_000 },
    ],
  },
  {
    // MAX_ENTRIES below CULL_FREQUENCY: len // 3 is 0, so the cache grows past its limit.
    settings: { ...FACTS_SETTINGS, maxEntries: 2, cullFrequency: 3 },
    ops: ['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => setAt(k)),
  },
];

/** What the real replies covered, so a reader can see the interesting paths were exercised. */
function tally(results: RealStep[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  for (const step of results.flat()) {
    const r = step.reply;
    if (Array.isArray(r.culled) && r.culled.length > 0) bump('culls');
    if (r.expired === true) bump('expiredGets');
    if (r.hit === true) bump('hits');
    if (r.added === false) bump('refusedAdds');
    if (typeof r.error === 'string') bump(r.error);
    if (typeof r.value === 'number' && !('hit' in r)) bump('incrs');
  }
  return counts;
}

function modelSteps(sequence: CacheSequence) {
  let context = initialDjangoCacheContext({ backend: 'locmem', ...sequence.settings });
  return sequence.ops.map((op) => {
    context = reduceDjangoCache(context, toEvent(op));
    return { reply: context.reply, entries: context.entries.map((e) => [e.key, e.value, e.expiresAtMs]) };
  });
}

describe(`Django ${safeVersion()} LocMemCache`, () => {
  it(`agrees step by step with the model on ${HANDPICKED.length} hand-written and ${GENERATED} generated sequences (seed ${SEED})`, () => {
    const sequences = [
      ...HANDPICKED,
      ...fc.sample(
        sequenceArb({
          // Whole and half seconds keep Django's float seconds exact, boundaries included.
          advancesMs: [0, 0, 500, 1000, 2000, 3000],
          timeoutsS: [null, 0, 1, 2, 5, 60, 60, -1, 0.5],
          defaultTimeoutsS: [300, 300, 3, null, 0],
          maxEntries: { min: 1, max: 8 },
        }),
        { seed: SEED, numRuns: GENERATED },
      ),
    ];
    const real = runDjangoDriver<{ django: string; results: RealStep[][] }>('locmem_driver.py', { sequences });
    const recorder = new ConformanceRecorder({
      name: 'django-locmem',
      layer: 'django',
      real: `Django ${real.django} django.core.cache.backends.locmem.LocMemCache (Debian python3-django), time.time replaced by a virtual clock`,
      mustAgree: true,
      seed: SEED,
      notes: [
        'One case = one operation; compared: the reply (hit/value/expired, culled keys, added, deleted, incr value or exception) and every entry afterwards (made key in LRU order, value, expiry in ms).',
        `${HANDPICKED.length} hand-written sequences (the cull example of docs/facts.md, cull of an existing key, CULL_FREQUENCY 0, timeout=None key culled, lazy expiry, incr errors, MAX_ENTRIES < CULL_FREQUENCY) then ${GENERATED} generated by fast-check.`,
        'A sequence is compared up to its first disagreement.',
      ],
    });
    let agreedSequences = 0;
    sequences.forEach((sequence, s) => {
      const model = modelSteps(sequence);
      const ok = sequence.ops.every((op, i) =>
        recorder.record(
          { sequence: s, step: i, settings: sequence.settings, opsSoFar: sequence.ops.slice(0, i + 1) },
          canonical(model[i]),
          canonical(real.results[s][i]),
        ),
      );
      if (ok) agreedSequences++;
    });
    recorder.result.notes?.push(`${agreedSequences} of ${sequences.length} sequences agreed in full.`, `Real replies seen: ${JSON.stringify(tally(real.results))}.`);
    const section = recorder.write();
    expect(section.disagreements.slice(0, 2)).toEqual([]);
    expect(section.cases).toBeGreaterThan(GENERATED * 5);
    // The docs/facts.md example itself, so a broken driver cannot pass by agreeing with a broken model.
    expect(real.results[0][8].reply).toEqual({ culled: [':1:k2', ':1:k3'] });
    expect(real.results[3][4].reply).toEqual({ hit: false, value: 0, expired: false });
  });
});

describe(`Django ${safeVersion()} never_cache`, () => {
  const EXISTING: Record<string, string>[] = [
    {},
    { 'Cache-Control': 'public, max-age=60' },
    { 'Cache-Control': 'max-age=3600, s-maxage=30' },
    { 'Cache-Control': 'private' },
    { 'Cache-Control': 'no-cache="Set-Cookie"' },
    { Expires: 'Tue, 07 Oct 2025 00:00:00 GMT' },
  ];
  const FIXED_MS = [
    0,
    Date.UTC(2025, 9, 6, 12, 0, 0),
    Date.UTC(2025, 9, 6, 12, 0, 0) + 999,
    Date.UTC(2024, 1, 29, 23, 59, 59, 500),
    Date.UTC(2025, 11, 31, 23, 59, 59, 999),
  ];

  it(`headers from a real @never_cache view equal addNeverCacheHeaders (${FIXED_MS.length} fixed and 60 generated times, seed ${SEED})`, () => {
    const times = [...FIXED_MS, ...fc.sample(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), { seed: SEED, numRuns: 60 })];
    const cases = times.flatMap((ms, i) => (i < FIXED_MS.length ? EXISTING : [{}]).map((existing) => ({ ms, existing })));
    const real = runDjangoDriver<{ django: string; results: Record<string, string>[] }>('never_cache_driver.py', {
      cases: cases.map((c) => ({ epochS: c.ms / 1000, existing: c.existing })),
    });
    const recorder = new ConformanceRecorder({
      name: 'django-never-cache',
      layer: 'django',
      real: `Django ${real.django} django.views.decorators.cache.never_cache on a view called through django.test.RequestFactory, time.time fixed per case`,
      mustAgree: true,
      seed: SEED,
      notes: ['Compared: every response header except Content-Type (set by HttpResponse, not never_cache).'],
    });
    cases.forEach((c, i) => {
      // The simulation's split of wall-clock time: epoch at virtual zero, plus nowMs.
      const nowMs = c.ms % 86_400_000;
      const existing = Object.fromEntries(Object.entries(c.existing).map(([k, v]) => [k.toLowerCase(), v]));
      const model = addNeverCacheHeaders(nowMs, c.ms - nowMs, existing);
      const { 'content-type': _ignored, ...realHeaders } = real.results[i];
      recorder.record({ epochMs: c.ms - nowMs, nowMs, existing }, canonical(model), canonical(realHeaders));
    });
    const section = recorder.write();
    expect(section.cases).toBe(FIXED_MS.length * EXISTING.length + 60);
    expect(section.disagreements).toEqual([]);
    expect(real.results[0]).not.toHaveProperty('pragma');
  });

  it('the seed documents\' never_cache headers are not what Django sends (recorded as a seed assumption)', () => {
    const ms = Date.UTC(2025, 9, 6, 12, 0, 0);
    const real = runDjangoDriver<{ django: string; results: Record<string, string>[] }>('never_cache_driver.py', {
      cases: [{ epochS: ms / 1000, existing: {} }],
    });
    const { 'content-type': _ignored, ...realHeaders } = real.results[0];
    const recorder = new ConformanceRecorder({
      name: 'django-never-cache-seed-assumption',
      layer: 'django',
      real: `Django ${real.django} never_cache`,
      mustAgree: false,
      notes: ['The model side here is what the seed documents say @never_cache sends; shown as a belief, not required to agree.'],
    });
    const claims = [
      {
        source: 'the seed analysis, "WITH @never_cache (FIXED)"',
        headers: { 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate', pragma: 'no-cache', expires: '0' },
      },
      { source: 'the seed analysis, step 5 "Response Headers ... (@never_cache)"', headers: { 'cache-control': 'no-store, max-age=0' } },
    ];
    for (const claim of claims) recorder.record({ claim: claim.source }, canonical(claim.headers), canonical(realHeaders));
    const section = recorder.write();
    expect(section.agreed).toBe(0);
    expect(realHeaders).toEqual({ expires: 'Mon, 06 Oct 2025 12:00:00 GMT', 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private' });
  });
});

function safeVersion(): string {
  try {
    return djangoVersion();
  } catch {
    return '(missing)';
  }
}
