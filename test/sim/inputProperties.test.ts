// Property tests of every input surface, in-process against the entry points the CLI and the page
// use (issue 13): the CLI's main function, the trace loader (and the visualizer's model on what it
// accepts), and the visualizer's URL parser. Pinned seeds; 10,000 inputs per surface and run.
// Each input: exit code in {0, 1, 2}; no stack trace or internal error; one line per error; no raw
// control character in the output; a generous time and heap guard (a hang or a runaway read, not
// a speed claim: speed is measured in `npm run bench`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, nodeIO } from '../../sim/cli/cliMain';
import { CHOICE, LESSON, parseIntIn, SEED, STEP } from '../../sim/input/numbers';
import { SCENARIO_NAMES } from '../../sim/scenarios/index';
import type { Trace } from '../../sim/trace';
import { parseTraceFile, TraceFileError } from '../../sim/traceFile';
import { CONFIG_KEYS, parseOverride, PRESET_NAMES } from '../../src/config';
import { analyzeKeys } from '../../viz/model/cacheKeys';
import { buildFlowModel } from '../../viz/model/layerModel';
import { effectiveConfig } from '../../viz/model/runSpec';
import { sentenceAt } from '../../viz/model/sentence';
import { staleBands } from '../../viz/model/staleBands';
import { buildTimeline } from '../../viz/model/timeline';
import { TraceIndex } from '../../viz/model/traceIndex';
import { parseUrlState } from '../../viz/model/urlState';
import { argvArb, makeWorkFolder, mutatedTraceArb, queryArb, RAW_CONTROL, realTracesIntact, STACK, VALUES } from './inputArbitraries';

/** Per surface and run (the floor). */
const INPUTS = 10_000;
/** A hang guard per input, far above any legitimate case. */
const MAX_MS_PER_INPUT = 30_000;
/** Heap growth allowed over a whole surface (a runaway read would pass it quickly). */
const MAX_HEAP_GROWTH_BYTES = 1024 * 1024 * 1024;

const work = mkdtempSync(join(tmpdir(), 'cachelab-props-'));
let cwd = '';
beforeAll(() => {
  makeWorkFolder(work);
  cwd = process.cwd();
  process.chdir(work);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(work, { recursive: true, force: true });
});

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { ...nodeIO, isTTY: false, out: (t) => void (out += t), err: (t) => void (err += t.endsWith('\n') ? t : t + '\n') });
  return { code, out, err };
}

describe('property: CLI argument lists, in-process against main()', () => {
  it(`${INPUTS} generated argument lists (seed 1301)`, async () => {
    const heap0 = process.memoryUsage().heapUsed;
    const codes = [0, 0, 0];
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(argvArb, async (args) => {
        const t0 = Date.now();
        const r = await runMain(args);
        const what = `${JSON.stringify(args)} -> ${r.code} ${r.err}`;
        slowest = Math.max(slowest, Date.now() - t0);
        expect([0, 1, 2], what).toContain(r.code);
        codes[r.code]++;
        expect(r.err, what).not.toMatch(STACK);
        if (r.code === 2) expect(r.err.trimEnd().split('\n'), what).toHaveLength(1);
        expect(r.err, what).not.toMatch(RAW_CONTROL);
        expect(r.out, what).not.toMatch(RAW_CONTROL);
        expect(Date.now() - t0, what).toBeLessThan(MAX_MS_PER_INPUT);
      }),
      { seed: 1301, numRuns: INPUTS },
    );
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    // Not only refusals: the generator reaches real work and real violations too.
    expect(codes[0]).toBeGreaterThan(INPUTS / 100);
    expect(codes[1]).toBeGreaterThan(0);
    expect(codes[2]).toBeGreaterThan(INPUTS / 2);
    console.log(`CLI argument lists: exit 0 x${codes[0]}, 1 x${codes[1]}, 2 x${codes[2]}; slowest ${slowest} ms`);
  }, 900_000);

  it('a link and `cachelab run --seed` accept the same seeds, and the trace records the one used (seed 1304)', async () => {
    const seeds = fc.oneof(fc.constantFrom(...VALUES.seed), fc.nat().map(String), fc.string({ unit: 'binary', maxLength: 12 }), fc.bigInt({ min: 0n, max: 2n ** 40n }).map(String));
    await fc.assert(
      fc.asyncProperty(
        seeds.filter((s) => s !== ''),
        async (s) => {
          const url = parseUrlState(`?scenario=seed-broken&seed=${encodeURIComponent(s)}`);
          const r = await runMain(['run', 'seed-broken', `--seed=${s}`, '--format', 'json']);
          expect([0, 2]).toContain(r.code);
          expect(r.code === 0 ? JSON.parse(r.out).seed : null).toBe(url.state.runs[0].seed);
        },
      ),
      { seed: 1304, numRuns: 300 },
    );
  }, 300_000);
});

/** What the visualizer computes when it shows a loaded trace (viz/app.ts: index, then render). */
function showInPage(trace: Trace): void {
  const ix = new TraceIndex(trace, 'A', 'file');
  buildTimeline([ix]);
  staleBands(trace, ix);
  const n = trace.events.length;
  for (const seq of new Set([-1, 0, Math.floor(n / 3), Math.floor(n / 2), n - 1])) if (seq < n) buildFlowModel(ix, seq, true);
  for (let seq = 0; seq < n; seq += Math.max(1, Math.floor(n / 25))) sentenceAt(ix, seq, true);
  for (const e of trace.events) if (e.type === 'user.delete' || e.type === 'user.edit' || e.type === 'user.create') analyzeKeys(ix, e.seq);
}

describe('property: trace files mutated from real traces, against the loader (cachelab replay and the page)', () => {
  it(`${INPUTS} mutated traces (seed 1302)`, () => {
    const heap0 = process.memoryUsage().heapUsed;
    let accepted = 0;
    fc.assert(
      fc.property(mutatedTraceArb, (text) => {
        let trace: Trace;
        try {
          trace = parseTraceFile(text);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(TraceFileError);
          expect((e as Error).message).not.toMatch(RAW_CONTROL);
          expect((e as Error).message.split('\n')).toHaveLength(1);
          return;
        }
        accepted++;
        // What the loader accepts, the page can show.
        showInPage(trace);
      }),
      { seed: 1302, numRuns: INPUTS },
    );
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    // Both branches are exercised: refusals, and accepted files the page then shows.
    expect(accepted).toBeGreaterThan(INPUTS / 20);
    expect(accepted).toBeLessThan(INPUTS);
    expect(realTracesIntact()).toBe(true);
    console.log(`mutated traces: ${accepted} accepted and shown, ${INPUTS - accepted} refused`);
  }, 900_000);
});

describe('property: visualizer links, against the URL parser', () => {
  it(`${INPUTS} generated links (seed 1303)`, () => {
    let withErrors = 0;
    fc.assert(
      fc.property(queryArb, (search) => {
        const { state, errors } = parseUrlState(search);
        if (errors.length) withErrors++;
        for (const m of errors) expect(m).not.toMatch(RAW_CONTROL);
        expect(state.runs.length).toBeGreaterThanOrEqual(1);
        for (const run of state.runs) {
          expect(SCENARIO_NAMES).toContain(run.scenario);
          expect(PRESET_NAMES).toContain(run.preset);
          if (run.seed !== null) expect(parseIntIn(String(run.seed), SEED, 'seed')).toBe(run.seed);
          for (const c of run.choices ?? []) expect(c >= CHOICE.min && c <= CHOICE.max).toBe(true);
          for (const o of run.overrides) expect(CONFIG_KEYS).toContain(parseOverride(o)[0]);
          // The page resolves each run's configuration next: it must not throw.
          effectiveConfig(run);
        }
        if (state.step !== null) expect(state.step >= STEP.min && state.step <= STEP.max).toBe(true);
        if (state.lesson != null) expect(state.lesson >= LESSON.min && state.lesson <= LESSON.max).toBe(true);
      }),
      { seed: 1303, numRuns: INPUTS },
    );
    expect(withErrors).toBeGreaterThan(INPUTS / 10);
    expect(withErrors).toBeLessThan(INPUTS);
  }, 300_000);
});
