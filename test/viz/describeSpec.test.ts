// The run line names what decides the schedule: a choice list (a counterexample, a what-if branch)
// is not the nominal schedule, and the line said both ("nominal schedule · 14 scripted choice(s)").
// It counts that list as check and an opened trace do (choices off the nominal), and the page's
// terminal command runs that same schedule.
import { describe, expect, it } from 'vitest';
import { describeSpec, describeTrace, commandLine, runInPage, type RunSpec } from '../../viz/model/runSpec';
import { cli } from '../sim/cliHarness';

describe('describeSpec', () => {
  it('names the nominal schedule, a seed, or a scripted schedule, never two of them', () => {
    expect(describeSpec({ scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null })).toBe('seed-broken · preset broken · nominal schedule');
    expect(describeSpec({ scenario: 'seed-broken', preset: 'broken', overrides: [], seed: 7 })).toBe('seed-broken · preset broken · random seed 7');
    const scripted = describeSpec({ scenario: 'inflight-refetch', preset: 'seed-fix', overrides: [], seed: null, choices: [20, 0, 0, 70] });
    expect(scripted).toBe('inflight-refetch · preset seed-fix · a schedule 2 deviations from the nominal one');
    expect(scripted).not.toContain('nominal schedule');
  });

  it("says a scripted run's schedule as its exported trace's title does", () => {
    const spec: RunSpec = { scenario: 'inflight-refetch', preset: 'seed-fix', overrides: [], seed: null };
    const log = runInPage(spec).choiceLog!;
    const at = log.findIndex((r) => r.options > 1);
    spec.choices = log.map((r, i) => (i === at ? 1 : 0));
    const trace = runInPage(spec);
    expect(describeSpec(spec)).toBe(describeTrace(trace));
    expect(describeSpec(spec)).toContain('a schedule 1 deviation from the nominal one');
  });
});

describe('commandLine', () => {
  it('gives a scripted schedule as replay --choices, which makes the trace the page shows', async () => {
    const spec: RunSpec = { scenario: 'commit-race', preset: 'seed-fix', overrides: ['deploy.workers=2'], seed: null };
    const log = runInPage(spec).choiceLog!;
    const branching = log.flatMap((r, i) => (r.options > 1 ? [i] : []));
    spec.choices = log.map((r, i) => (i === branching[0] || i === branching[2] ? r.options - 1 : 0));
    const line = commandLine(spec);
    expect(line.startsWith('npx cachelab replay commit-race --choices ')).toBe(true);
    const argv = line.split(' ').slice(2);
    const files = new Map<string, string>();
    const r = await cli([...argv, '--out', 'replayed.json'], files);
    expect(r.err).toBe('');
    expect(JSON.parse(files.get('replayed.json')!)).toEqual(JSON.parse(JSON.stringify(runInPage(spec))));
  });

  it('gives the nominal schedule and a random seed as run', () => {
    expect(commandLine({ scenario: 'seed-broken', preset: 'broken', overrides: [], seed: 7 })).toBe('npx cachelab run seed-broken --config broken --seed 7');
    expect(commandLine({ scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null, choices: [0, 0] })).toBe('npx cachelab run seed-broken --config broken');
  });
});
