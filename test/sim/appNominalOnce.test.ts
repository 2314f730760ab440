// With --app, the nominal schedule of each scenario is run twice, no more: the two runs that show
// the views deterministic (sameTwice.ts); the first of them is what check's and explore's notes
// read (appNominal.ts) and what `run` prints. The main thread ran it a third time for the notes,
// and `run` a third time to print it. Every run of the simulator goes through sim/run.ts's
// runScenario (the nominal one, with no chooser, seed or choices) or runScenarioDetailed (the
// searches'), so counting the nominal calls counts the nominal runs.
import { describe, expect, it, vi } from 'vitest';
import type { RunOptions } from '../../sim/run';
import { cachelab } from './cliHarness';

const nominalCalls: string[] = [];

vi.mock('../../sim/run', async (importOriginal) => {
  const run = await importOriginal<typeof import('../../sim/run')>();
  return {
    ...run,
    runScenario: (scenario: { name: string; app?: unknown }, options: RunOptions = {}) => {
      if (scenario.app && options.seed == null && !options.chooser && !options.choices && !options.labelledChoices && !options.choiceLog) nominalCalls.push(scenario.name);
      return run.runScenario(scenario as never, options);
    },
  };
});

/** Nominal runs with the app made by `cachelab ...argv`, and its output. */
async function counted(...argv: string[]): Promise<{ runs: string[]; out: string; code: number }> {
  nominalCalls.length = 0;
  const r = await cachelab(...argv);
  return { runs: [...nominalCalls], out: r.out, code: r.code };
}

describe('--app runs the nominal schedule twice', () => {
  it('check: twice per scenario, and its notes still say which views raised and which were built in', async () => {
    const r = await counted('check', 'create-appears', '--app', 'examples/invalidate-on-commit.ts', '--runs', '3');
    expect(r.runs).toEqual(['create-appears', 'create-appears']);
    expect(r.out).toContain('  work_item_create: create-appears [broken]');
    expect(r.code).toBe(1);
  });

  it('explore: twice', async () => {
    const r = await counted('explore', 'create-appears', '--app', 'examples/invalidate-on-commit.ts', '--max-states', '200');
    expect(r.runs).toEqual(['create-appears', 'create-appears']);
    expect(r.out).toContain('  work_item_create: create-appears [broken]');
  });

  it('run: twice, and prints the same trace as a run of its own; with --seed, its own seeded run besides', async () => {
    const r = await counted('run', 'commit-race', '--app', 'examples/robust-app.ts', '--format', 'json');
    expect(r.runs).toEqual(['commit-race', 'commit-race']);
    const { runScenario } = await vi.importActual<typeof import('../../sim/run')>('../../sim/run');
    const { loadUserApp } = await import('../../sim/app/loadUserApp');
    const { getScenario } = await import('../../sim/scenarios/index');
    const { app, overrides } = await loadUserApp('examples/robust-app.ts');
    expect(r.out).toBe(JSON.stringify(runScenario({ ...getScenario('commit-race'), app, appFile: 'examples/robust-app.ts' }, { overrides }), null, 1) + '\n');
    expect((await counted('run', 'commit-race', '--app', 'examples/robust-app.ts', '--seed', '3')).runs).toEqual(['commit-race', 'commit-race']);
  });
});
