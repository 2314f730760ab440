// replay: a recorded trace re-runs byte for byte; a tampered one shows its first difference.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { replayTrace } from '../../sim/replay/replayTrace';
import { runScenario } from '../../sim/run';
import { getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';
import { parseTraceFile } from '../../sim/traceFile';


describe('replay reproduces traces byte for byte', () => {
  test.prop([fc.constantFrom(...SCENARIO_NAMES), fc.constantFrom('broken', 'seed-fix', 'robust'), fc.option(fc.nat({ max: 1_000_000 }), { nil: null })], { seed: 5, numRuns: 40 })(
    'any scenario, preset and seed (seed 5)',
    (name, preset, seed) => {
      const trace = runScenario(getScenario(name), { preset, seed });
      const text = JSON.stringify(trace, null, 1) + '\n';
      const result = replayTrace(parseTraceFile(text));
      expect(result.identical).toBe(true);
      expect(JSON.stringify(result.replayed, null, 1) + '\n').toBe(text);
    },
  );

  it('a changed choice is reported at the first event that differs', () => {
    const trace = runScenario(getScenario('seed-fixed'), { preset: 'seed-fix' });
    // Edited consistently: the index and the labelled log's value (the log is what a replay follows).
    const tampered = { ...trace, choices: trace.choices.map((c, i) => (i === 3 ? 1 : c)), choiceLog: trace.choiceLog!.map((r, i) => (i === 3 ? { ...r, value: 1 } : r)) };
    const result = replayTrace(JSON.parse(JSON.stringify(tampered)));
    expect(result.identical).toBe(false);
    expect(result.difference).toMatch(/^events\[\d+\]\.t: recorded -?\d+, replayed -?\d+/);
  });
});

describe('cachelab replay', () => {
  it('confirms a file written by check, and re-runs the --choices literal it prints', async () => {
    const files = new Map<string, string>();
    const checked = await cli(['check', 'inflight-refetch', '--config', 'seed-fix', '--runs', '300', '--out', 'cx.json'], files);
    expect(checked.code).toBe(1);
    const again = await cli(['replay', 'cx.json'], files);
    expect(again.code).toBe(0);
    expect(again.out).toContain('identical');
    expect(again.out).toContain('byte-identical');
    const literal = /npx cachelab replay (inflight-refetch --config seed-fix --choices [\d,]+)/.exec(checked.out)![1].split(' ');
    const rerun = await cli(['replay', ...literal]);
    expect(rerun.code).toBe(1);
    expect(rerun.out).toContain('fresh-after-commit');
  });

  it('a tampered file exits 1; a malformed one exits 2', async () => {
    const trace = runScenario(getScenario('seed-broken'), { preset: 'broken' });
    const edited = { ...trace, choices: trace.choices.map(() => 1), choiceLog: trace.choiceLog!.map((r) => ({ ...r, value: 1 })) };
    const files = new Map([['t.json', JSON.stringify(edited)], ['bad.json', '{"format":1}'], ['half.json', JSON.stringify({ ...trace, choices: trace.choices.map(() => 1) })]]);
    expect((await cli(['replay', 't.json'], files)).code).toBe(1);
    expect((await cli(['replay', 'bad.json'], files)).code).toBe(2);
    // Indices that disagree with the labelled log: a malformed file, said in one sentence.
    const half = await cli(['replay', 'half.json'], files);
    expect(half.code).toBe(2);
    expect(half.err).toMatch(/choiceLog entry 0/);
    expect((await cli(['replay', 'seed-broken'], files)).code).toBe(2);
  });
});
