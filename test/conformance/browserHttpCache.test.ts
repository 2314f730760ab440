// Conformance of the browserHttpCache layer against real (Debian) Chromium: the same fetch()
// sequences run in a page and in the model; per step we compare what reached the server.
// Section browser-chromium must agree on every case; browser-seed-assumption is the seed
// documents' belief and its disagreements are reported, not failed on.
import fc from 'fast-check';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { explainChromiumFailure, launchChromium } from './launchChromium';
import { ConformanceRecorder } from './report';
import { runSequence, SEED_REUSE_MS } from './browserHttpCache/runSequence';
import { startConformanceServer, type ConformanceServer } from './browserHttpCache/server';
import { GENERATED_VARIANTS, type HeaderVariant, type RequestHeaderChoice, type Step } from './browserHttpCache/variants';
import type { FetchCacheMode } from '../../src/layers/browserHttpCache';

const GENERATED_SEED = 20251006;
const GENERATED_RUNS = 200;
const CONCURRENCY = 6;

const REAL = 'Debian Chromium (/usr/bin/chromium, headless, fresh profile) via playwright-core; fetch() from a same-origin page';

const chromiumRecorder = new ConformanceRecorder({ name: 'browser-chromium', layer: 'browser', real: REAL, mustAgree: true, seed: GENERATED_SEED });
const seedRecorder = new ConformanceRecorder({
  name: 'browser-seed-assumption',
  layer: 'browser',
  real: REAL,
  mustAgree: false,
  seed: GENERATED_SEED,
  notes: [`seedReuseMs = ${SEED_REUSE_MS}: the seed gives no duration, only that the browser "serves stale" answers`],
});

interface Case {
  name: string;
  steps: Step[];
  /** docs/facts.md, browser HTTP cache: requests that reached the server. */
  factsServerHits?: number;
}

function step(variant: HeaderVariant, options: Partial<Omit<Step, 'variant'>> = {}): Step {
  return { variant, cacheMode: 'default', requestHeaders: 'none', cacheBuster: false, waitMs: 0, ...options };
}

function twice(variant: HeaderVariant, second: Partial<Omit<Step, 'variant'>> = {}, first: Partial<Omit<Step, 'variant'>> = {}): Step[] {
  return [step(variant, first), step(variant, second)];
}

const FACTS_ROWS: Case[] = [
  { name: 'none (JsonResponse)', steps: twice('none'), factsServerHits: 2 },
  { name: 'max-age=60', steps: twice('maxAge60'), factsServerHits: 1 },
  { name: 'never_cache', steps: twice('neverCache'), factsServerHits: 2 },
  { name: 'Last-Modified 10 h ago only', steps: twice('lastModified10h'), factsServerHits: 1 },
  { name: 'ETag only', steps: twice('etag'), factsServerHits: 2 },
  { name: 'Expires in 1 h only', steps: twice('expires1h'), factsServerHits: 1 },
  { name: "cache: 'no-store' twice, max-age=60", steps: twice('maxAge60', { cacheMode: 'no-store' }, { cacheMode: 'no-store' }), factsServerHits: 2 },
  { name: "cache: 'no-store' twice, none", steps: twice('none', { cacheMode: 'no-store' }, { cacheMode: 'no-store' }), factsServerHits: 2 },
  { name: "cache: 'no-store' twice, Expires", steps: twice('expires1h', { cacheMode: 'no-store' }, { cacheMode: 'no-store' }), factsServerHits: 2 },
  { name: "max-age=60, second cache: 'no-cache'", steps: twice('maxAge60', { cacheMode: 'no-cache' }), factsServerHits: 2 },
  { name: 'max-age=60, second Cache-Control: no-cache', steps: twice('maxAge60', { requestHeaders: 'cacheControl' }), factsServerHits: 2 },
  { name: 'max-age=60, second Pragma: no-cache', steps: twice('maxAge60', { requestHeaders: 'pragma' }), factsServerHits: 2 },
  { name: "none, second cache: 'force-cache'", steps: twice('none', { cacheMode: 'force-cache' }), factsServerHits: 1 },
  { name: "never_cache, second cache: 'force-cache'", steps: twice('neverCache', { cacheMode: 'force-cache' }), factsServerHits: 2 },
];

const MODE_AND_HEADER_CASES: Case[] = [
  { name: "max-age=60: default, reload, default (reload stores its answer)", steps: [step('maxAge60'), step('maxAge60', { cacheMode: 'reload' }), step('maxAge60')] },
  { name: "max-age=60: default, no-store, default (no-store leaves the entry)", steps: [step('maxAge60'), step('maxAge60', { cacheMode: 'no-store' }), step('maxAge60')] },
  { name: "ETag: default, cache: 'no-cache' (revalidates)", steps: twice('etag', { cacheMode: 'no-cache' }) },
  { name: "Last-Modified: default, cache: 'no-cache' (revalidates)", steps: twice('lastModified10h', { cacheMode: 'no-cache' }) },
  { name: 'ETag: default, Cache-Control: no-cache header (unconditional)', steps: twice('etag', { requestHeaders: 'cacheControl' }) },
  { name: "only-if-cached with nothing stored", steps: [step('maxAge60', { cacheMode: 'only-if-cached' })] },
  { name: "max-age=60: default, only-if-cached", steps: twice('maxAge60', { cacheMode: 'only-if-cached' }) },
  { name: "none: default, only-if-cached (stale entry reused)", steps: twice('none', { cacheMode: 'only-if-cached' }) },
  { name: "never_cache: default, only-if-cached", steps: twice('neverCache', { cacheMode: 'only-if-cached' }) },
  { name: "max-age=60: default, only-if-cached + Cache-Control: no-cache", steps: twice('maxAge60', { cacheMode: 'only-if-cached', requestHeaders: 'cacheControl' }) },
  { name: "max-age=60: default, force-cache + Pragma: no-cache", steps: twice('maxAge60', { cacheMode: 'force-cache', requestHeaders: 'pragma' }) },
  { name: 'max-age=60: no-cache headers first, then a plain fetch (the answer was stored)', steps: twice('maxAge60', {}, { requestHeaders: 'both' }) },
  { name: 'max-age=60 stored, then a never_cache answer evicts it', steps: [step('maxAge60'), step('neverCache', { cacheMode: 'reload' }), step('maxAge60')] },
  { name: 'the seed fix: _= + no-cache headers + never_cache', steps: [step('neverCache', { cacheBuster: true, requestHeaders: 'both' }), step('neverCache', { cacheBuster: true, requestHeaders: 'both' })] },
  { name: 'max-age=60 with _= each time (every URL new)', steps: twice('maxAge60', { cacheBuster: true }, { cacheBuster: true }) },
  { name: 'max-age=60: _=, then the plain URL twice', steps: [step('maxAge60', { cacheBuster: true }), step('maxAge60'), step('maxAge60')] },
  { name: 'none with _= and force-cache', steps: twice('none', { cacheBuster: true, cacheMode: 'force-cache' }) },
];

const HEADER_READING_CASES: Case[] = [
  { name: 'max-age=60 + Pragma: no-cache', steps: twice('maxAge60Pragma') },
  { name: 'max-age=60, must-revalidate', steps: twice('maxAge60MustRevalidate') },
  { name: 'Last-Modified 10 h ago + must-revalidate', steps: twice('lastModified10hMustRevalidate') },
  { name: 'no-cache + ETag, three times', steps: [step('noCacheEtag'), step('noCacheEtag'), step('noCacheEtag')] },
  { name: 'private, max-age=60', steps: twice('privateMaxAge60') },
];

const EXPIRY_CASES: Case[] = [
  { name: 'max-age=2: fresh at +0.3 s, stale at +3 s', steps: [step('maxAge2'), step('maxAge2', { waitMs: 300 }), step('maxAge2', { waitMs: 2700 })] },
  {
    name: 'Last-Modified 20 s ago (heuristic 2 s): fresh, stale -> 304, fresh again',
    steps: [step('lastModified20s'), step('lastModified20s', { waitMs: 300 }), step('lastModified20s', { waitMs: 2700 }), step('lastModified20s')],
  },
  { name: 'max-age=60 but Date 59 s in the past (server clock behind): stale after 2 s', steps: [step('maxAge60Date59sAgo'), step('maxAge60Date59sAgo', { waitMs: 2000 })] },
];

function generatedCases(): Case[] {
  const variant = fc.constantFrom(...GENERATED_VARIANTS);
  const cacheMode: fc.Arbitrary<FetchCacheMode> = fc.oneof(
    { weight: 5, arbitrary: fc.constant<FetchCacheMode>('default') },
    { weight: 3, arbitrary: fc.constantFrom<FetchCacheMode>('no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached') },
  );
  const requestHeaders: fc.Arbitrary<RequestHeaderChoice> = fc.oneof(
    { weight: 4, arbitrary: fc.constant<RequestHeaderChoice>('none') },
    { weight: 2, arbitrary: fc.constantFrom<RequestHeaderChoice>('cacheControl', 'pragma', 'both') },
  );
  const rawStep = fc.record({
    // Usually the path keeps answering the same way; sometimes the server changes its headers.
    switchTo: fc.option(variant, { freq: 4 }),
    cacheMode,
    requestHeaders,
    cacheBuster: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    waitMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 120 }) }),
  });
  const sequence = fc.tuple(variant, fc.array(rawStep, { minLength: 2, maxLength: 8 }));
  return fc.sample(sequence, { seed: GENERATED_SEED, numRuns: GENERATED_RUNS }).map(([base, raws], i) => {
    let current = base;
    const steps = raws.map((raw): Step => {
      current = raw.switchTo ?? current;
      return { variant: current, cacheMode: raw.cacheMode, requestHeaders: raw.requestHeaders, cacheBuster: raw.cacheBuster, waitMs: raw.waitMs };
    });
    return { name: `generated #${i} (seed ${GENERATED_SEED})`, steps };
  });
}

let browser: BrowserContext;
let page: Page;
let server: ConformanceServer;
let pathCounter = 0;
/** What Chromium put on the wire per fetch option, for the report's notes. */
const addedHeaders = new Set<string>();

interface ChromiumDisagreement {
  name: string;
  steps: Step[];
  model: string[];
  real: string[];
  reasons: string[];
  requestHeaders: Record<string, string>[][];
}

/** Runs cases CONCURRENCY at a time (each on its own path, so they share no cache entry). */
async function runCases(cases: Case[]): Promise<ChromiumDisagreement[]> {
  const disagreements: ChromiumDisagreement[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < cases.length) {
      const c = cases[next++]!;
      const path = `/seq/${++pathCounter}/feed/`;
      const result = await runSequence(page, server, path, c.steps);
      const input = { case: c.name, steps: c.steps };
      if (!chromiumRecorder.record(input, result.models.chromium, result.real)) {
        disagreements.push({ name: c.name, steps: c.steps, model: result.models.chromium, real: result.real, reasons: result.chromiumReasons, requestHeaders: result.realRequestHeaders });
      }
      seedRecorder.record(input, result.models['seed-assumption'], result.real);
      c.steps.forEach((st, i) => {
        for (const headers of result.realRequestHeaders[i] ?? []) {
          const sent = `cache-control: ${headers['cache-control'] ?? '-'}, pragma: ${headers['pragma'] ?? '-'}`;
          addedHeaders.add(`cache: '${st.cacheMode}', page headers ${st.requestHeaders} -> Chromium sent ${sent}`);
        }
      });
      if (c.factsServerHits !== undefined) {
        const hits = result.real.filter((o) => o !== 'cache').length;
        expect(hits, `${c.name}: docs/facts.md says ${c.factsServerHits} server hits`).toBe(c.factsServerHits);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return disagreements;
}

describe('browserHttpCache conformance with real Chromium', () => {
  // One browser serves every test here: a test failing because it went away says why.
  afterEach(explainChromiumFailure);
  beforeAll(async () => {
    server = await startConformanceServer();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server.origin}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    const seed = seedRecorder.result;
    seed.notes = [
      ...(seed.notes ?? []),
      `${seed.disagreements.length} of ${seed.cases} sequences differ from Chromium: the seed's belief, reported, not failed on`,
    ];
    chromiumRecorder.result.notes = [
      'per step: cache = no request reached the server; network = unconditional request; conditional(...) = revalidation with those headers; error = fetch() rejected',
      ...[...addedHeaders].sort(),
    ];
    chromiumRecorder.write();
    seedRecorder.write();
  });

  it('every row of the docs/facts.md, browser HTTP cache table', async () => {
    expect(await runCases(FACTS_ROWS)).toEqual([]);
  });

  it('each fetch cache mode, no-cache request headers and the _= cache-buster', async () => {
    expect(await runCases(MODE_AND_HEADER_CASES)).toEqual([]);
  });

  it('headers Chromium reads its own way (Pragma, must-revalidate, private, no-cache + ETag)', async () => {
    expect(await runCases(HEADER_READING_CASES)).toEqual([]);
  });

  it('expiry in real time (max-age=2, Last-Modified heuristic, skewed Date)', async () => {
    expect(await runCases(EXPIRY_CASES)).toEqual([]);
  });

  it(`${GENERATED_RUNS} generated sequences (fast-check seed ${GENERATED_SEED})`, async () => {
    expect(await runCases(generatedCases())).toEqual([]);
    expect(server.strays).toEqual([]);
  });
});
