// `npm run bench [-- --quick] [-- --out FILE] [-- --explore-seconds N] [-- --explore-max-states N]`
// Measures the simulator, check (both strategies, finding every known counterexample, shrinking,
// PCT's depth), explore and the visualizer (issues 7 and 10),
// prints a table on stdout (progress on stderr) and writes bench/results.json. Every figure comes
// from this one run, and every ratio compares two figures of it. --quick: tiny budgets, for the
// test and a smoke run; its figures are not the ones to quote.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runScenario } from '../sim/run';
import { checkScenario, DEFAULT_CHECK_RUNS, DEFAULT_PCT_DEPTH, STRATEGIES } from '../sim/check/checkScenario';
import { CATALOG, getScenario, SEED_SCENARIOS } from '../sim/scenarios/index';
import type { Scenario } from '../sim/scenarios/types';
import { measureCheckRatesInChild, WARM_RUNS_PER_THREAD, type CheckRateResult } from './check';
import { measureCounterexamples, type CounterexampleFigures } from './counterexamples';
import { isKnown, KNOWN_COUNTEREXAMPLES, verifyKnownCounterexamples } from './knownCounterexamples';
import { measurePctDepth, type PctDepthFigures } from './pctDepth';
import { measureShrinking, type ShrinkComparison } from './shrinking';
import { measureExplore, measureSymmetry, type ExploreFigures, type ExploreSection } from './explore';
import { loadAverage1m, machineInfo, type MachineInfo } from './machine';
import { measureCalibration, measureReference, type CalibrationResult, type ReferenceResult } from './reference';
import { measureSimulate, type SimulateResult } from './simulate';
import { measureStateHash, type StateHashFigures } from './stateHash';
import { nowMs, progress, sig } from './stats';
import { fmt, renderSections, type Section } from './table';
import { judgeTargets, type Target } from './targets';
import { measureViz, type VizFigures } from './viz';

export const RESULTS_SCHEMA = 'cachelab-bench/1';

/** The presets whose verdicts issue 10 asks for in under 10 s each. */
const EXPLORE_PRESETS = ['broken', 'seed-fix', 'robust'];

export interface Budgets {
  /** Untimed runs of every measured path first, so no figure is taken while the JIT is still cold. */
  warmUpMs: number;
  simulateMs: number;
  referenceMs: number;
  calibrationMs: number;
  stateHashMs: number;
  checkMs: number;
  /** check: untimed runs per thread before its timed search (bench/check.ts WARM_RUNS_PER_THREAD). */
  checkWarmRuns: number;
  exploreSeconds: number;
  exploreMaxStates: number;
  counterexampleSeeds: number;
  counterexampleRunsPerSeed: number;
  shrinkCapMs: number;
  /** PCT hit rate per depth: schedules per depth. */
  pctDepthRuns: number;
  vizEvents: number;
  vizLoads: number;
}

const DEFAULT_BUDGETS: Budgets = {
  warmUpMs: 3000,
  simulateMs: 3000,
  referenceMs: 1500,
  calibrationMs: 1500,
  stateHashMs: 2000,
  checkMs: 4000,
  checkWarmRuns: WARM_RUNS_PER_THREAD,
  // Past the target's 10 s, so a scenario that finishes in 10-12 s says by how much it misses
  // (one exploration per scenario and preset: 45 of them).
  exploreSeconds: 12,
  exploreMaxStates: 3_000_000,
  counterexampleSeeds: 10,
  // What `cachelab check` tries per scenario by default: a seed that needs more is a miss.
  counterexampleRunsPerSeed: DEFAULT_CHECK_RUNS,
  shrinkCapMs: 10_000,
  pctDepthRuns: 1000,
  vizEvents: 10_000,
  vizLoads: 5,
};

const QUICK_BUDGETS: Budgets = {
  warmUpMs: 30,
  simulateMs: 60,
  referenceMs: 60,
  calibrationMs: 30,
  stateHashMs: 40,
  checkMs: 50,
  checkWarmRuns: 20,
  exploreSeconds: 0.3,
  exploreMaxStates: 300,
  counterexampleSeeds: 2,
  counterexampleRunsPerSeed: 5,
  shrinkCapMs: 200,
  pctDepthRuns: 5,
  vizEvents: 10_000,
  vizLoads: 1,
};

/** Per scenario: the xstate-actor simulator and its lean run against the pure reducers alone. */
export interface Ratios {
  scenario: string;
  /** Time per event, actor-mode runs over lean runs (the target's ratio). */
  actorSimOverLeanSim: number;
  /** Time per layer step, lean runs (scheduler, app code, trace) over the pure reducers alone. */
  leanSimOverReducers: number;
  /** Time per layer step, actor-mode runs over the pure reducers alone. */
  actorSimOverReducers: number;
}

export interface BenchResults {
  schema: typeof RESULTS_SCHEMA;
  mode: 'default' | 'quick';
  startedAt: string;
  seconds: number;
  machine: MachineInfo;
  /** 1-minute load average when the bench ended (machine.loadAverage1m: when it started). */
  loadAverage1mAtEnd: number;
  budgets: Budgets;
  /** The catalog scenario with the most events in its nominal run. */
  largestScenario: string;
  simulate: { seedFixed: SimulateResult; largest: SimulateResult };
  reference: { seedFixed: ReferenceResult; largest: ReferenceResult; calibration: CalibrationResult };
  ratios: { seedFixed: Ratios; largest: Ratios };
  /** Schedules per second of each strategy (pct first, the default). */
  check: CheckRateResult[];
  /** Explore's per-state deduplication cost against a task's, on seed-fixed and the largest scenario. */
  stateHash: { seedFixed: StateHashFigures; largest: StateHashFigures };
  explore: ExploreSection;
  /** Every catalog scenario under broken and seed-fix, per strategy. */
  counterexamples: CounterexampleFigures[];
  /** Per known counterexample: the shrinkers compared. */
  shrinking: ShrinkComparison[];
  /** PCT's hit rate per depth on commit-race under seed-fix, and uniform random's. */
  pctDepth: PctDepthFigures;
  /** check's defaults when the bench ran. */
  checkDefaults: { strategy: string; depth: number; runs: number };
  viz: VizFigures;
  targets: Target[];
}

/** The reducers' rate is the one bench/simulate.ts timed in the same rounds as the simulator's runs. */
function ratios(sim: SimulateResult): Ratios {
  const ref = sim.reducers!;
  const leanLayerStepsPerS = sim.lean.runsPerS * ref.layerStepsPerRun;
  const actorLayerStepsPerS = sim.actor.runsPerS * ref.layerStepsPerRun;
  return {
    scenario: sim.scenario,
    actorSimOverLeanSim: sim.actorOverLean,
    leanSimOverReducers: sig(ref.stepsPerS / leanLayerStepsPerS),
    actorSimOverReducers: sig(ref.stepsPerS / actorLayerStepsPerS),
  };
}

function warmUp(scenarios: Scenario[], ms: number): void {
  const t0 = nowMs();
  for (let seed = 1; seed <= 3 || nowMs() - t0 < ms; seed++) for (const s of scenarios) for (const lean of [false, true]) runScenario(s, { seed, lean });
  for (const strategy of STRATEGIES) checkScenario(scenarios[0], { preset: scenarios[0].defaultPreset, runs: 20, seed: 99, strategy });
}

function largestCatalogScenario(): string {
  let best = { name: CATALOG[0].name, events: -1 };
  for (const s of CATALOG) {
    const events = runScenario(s, { lean: true }).events.length;
    if (events > best.events) best = { name: s.name, events };
  }
  return best.name;
}

export async function runBench(quick: boolean, overrides: Partial<Budgets> = {}): Promise<BenchResults> {
  const budgets = { ...(quick ? QUICK_BUDGETS : DEFAULT_BUDGETS), ...overrides };
  const startedAt = new Date().toISOString();
  const t0 = nowMs();
  const machine = machineInfo();
  const seedFixed = getScenario('seed-fixed');
  const largestScenario = largestCatalogScenario();
  const largest = getScenario(largestScenario);
  progress(`warm-up: ${budgets.warmUpMs} ms of untimed runs`);
  warmUp([seedFixed, largest], budgets.warmUpMs);

  progress(`simulated events/s: seed-fixed and ${largestScenario}, xstate actors and lean reducers`);
  const simulate = { seedFixed: measureSimulate(seedFixed, budgets.simulateMs), largest: measureSimulate(largest, budgets.simulateMs) };

  progress('plain-TypeScript reference: recorded layer events through reducers, actors, transition()');
  const reference = {
    seedFixed: measureReference(seedFixed, budgets.referenceMs),
    largest: measureReference(largest, budgets.referenceMs),
    calibration: measureCalibration(budgets.calibrationMs),
  };

  progress('check: complete random schedules per second on seed-fixed, per strategy');
  const check = measureCheckRatesInChild(seedFixed.name, budgets.checkMs, budgets.checkWarmRuns, machine.cpus);

  progress('explore internals: structural fingerprint (and the plain text hash) per state, against a task');
  const stateHash = { seedFixed: measureStateHash(seedFixed, budgets.stateHashMs), largest: measureStateHash(largest, budgets.stateHashMs) };

  // Every catalog and seed scenario under each preset (the quick run: the catalog under broken).
  const exploreScenarios: ExploreFigures[] = [];
  const caps = { maxSeconds: budgets.exploreSeconds, maxStates: budgets.exploreMaxStates };
  const explorePairs = quick ? CATALOG.map((s) => [s.name, 'broken'] as const) : [...SEED_SCENARIOS, ...CATALOG].flatMap((s) => EXPLORE_PRESETS.map((p) => [s.name, p] as const));
  for (const [scenario, preset] of explorePairs) {
    progress(`explore ${scenario} under ${preset} (cap ${budgets.exploreSeconds} s, ${budgets.exploreMaxStates} states)`);
    exploreScenarios.push(measureExplore({ scenario, preset, reduction: true, ...caps }));
  }
  const peak = exploreScenarios.reduce((a, b) => (b.maxRssMb > a.maxRssMb ? b : a));
  progress(`explore ${largestScenario} under broken without the reduction, and with it again`);
  const exploreReduction = {
    off: measureExplore({ scenario: largestScenario, preset: 'broken', reduction: false, ...caps }),
    on: measureExplore({ scenario: largestScenario, preset: 'broken', reduction: true, ...caps }),
  };
  progress('explore commit-race under seed-fix to its first witness');
  const exploreWitness = measureExplore({ scenario: 'commit-race', preset: 'seed-fix', reduction: true, ...caps, first: true });
  const exploreSymmetry = measureSymmetry(exploreScenarios, caps, progress);
  const exploreSection: ExploreSection = { scenarios: exploreScenarios, peakRssMb: peak.maxRssMb, peakRssScenario: peak.scenario, reduction: exploreReduction, witness: exploreWitness, symmetry: exploreSymmetry };

  verifyKnownCounterexamples();
  const counterexamples: CounterexampleFigures[] = [];
  for (const s of CATALOG) {
    for (const preset of ['broken', 'seed-fix']) {
      const known = isKnown(s.name, preset);
      for (const strategy of STRATEGIES) {
        // Where none is known, one seed says whether a search finds one anyway (a new finding).
        const seeds = known ? budgets.counterexampleSeeds : 1;
        progress(`first counterexample: ${s.name} under ${preset}, ${strategy}, ${seeds} seed(s)`);
        counterexamples.push(measureCounterexamples(s, preset, strategy, known, seeds, budgets.counterexampleRunsPerSeed));
      }
    }
  }
  const shrinking: ShrinkComparison[] = [];
  for (const k of KNOWN_COUNTEREXAMPLES) {
    progress(`shrinking: ${k.scenario} under ${k.preset}, ddmin and fast-check`);
    shrinking.push(measureShrinking(getScenario(k.scenario), k.preset, budgets.counterexampleRunsPerSeed, budgets.shrinkCapMs));
  }
  progress(`PCT depth: commit-race under seed-fix, ${budgets.pctDepthRuns} schedules per depth`);
  const pctDepth = measurePctDepth(getScenario('commit-race'), 'seed-fix', [1, 2, 3, 4, 5], budgets.pctDepthRuns);

  progress(`visualizer: ${budgets.vizEvents}-event trace in headless Chromium, ${budgets.vizLoads} load(s)`);
  const viz = await measureViz(budgets.vizEvents, budgets.vizLoads);

  const ratioOf = { seedFixed: ratios(simulate.seedFixed), largest: ratios(simulate.largest) };
  const targets = judgeTargets({
    check,
    actorSimOverReducers: [ratioOf.seedFixed, ratioOf.largest].map((q) => ({ scenario: q.scenario, ratio: q.actorSimOverReducers })),
    actorsOverReducers: [reference.seedFixed, reference.largest],
    explore: exploreSection,
    largest: largestScenario,
    counterexamples,
    shrinking,
    simulate: [simulate.seedFixed, simulate.largest],
    viz,
  });
  return {
    schema: RESULTS_SCHEMA,
    mode: quick ? 'quick' : 'default',
    startedAt,
    seconds: sig((nowMs() - t0) / 1000, 4),
    machine,
    loadAverage1mAtEnd: loadAverage1m(),
    budgets,
    largestScenario,
    simulate,
    reference,
    ratios: ratioOf,
    check,
    stateHash,
    explore: exploreSection,
    counterexamples,
    shrinking,
    pctDepth,
    checkDefaults: { strategy: 'pct', depth: DEFAULT_PCT_DEPTH, runs: DEFAULT_CHECK_RUNS },
    viz,
    targets,
  };
}

export function formatResults(r: BenchResults): string {
  const m = r.machine;
  const head =
    `cachelab bench (${r.mode}), ${r.startedAt}: ${m.cpus} x ${m.cpuModel}, Node ${m.node}, xstate ${m.xstate}, commit ${m.commit}` +
    `${m.modelDirty ? ' (src/sim/viz modified)' : ''}; load average ${m.loadAverage1m} at the start, ${r.loadAverage1mAtEnd} at the end; ${r.seconds} s\n\n`;
  const sim = (s: SimulateResult, q: Ratios): string[][] => [
    [`${s.scenario} (${s.preset}), xstate actors`, fmt(s.actor.eventsPerS), fmt(s.actor.runsPerS), `${s.actor.runs} seeded runs, ${s.actor.events} events; ${q.actorSimOverReducers}x the reducers' time per layer step`],
    [`${s.scenario} (${s.preset}), lean reducers`, fmt(s.lean.eventsPerS), fmt(s.lean.runsPerS), `same seeds; actors ${s.actorOverLean}x the time; ${q.leanSimOverReducers}x the reducers' time per layer step`],
    [`${s.scenario}: pure reducers alone, same rounds`, `${fmt(s.reducers!.stepsPerS)} layer steps/s`, '', `recorded layer events of seeds 1..5, ${s.reducers!.layerStepsPerRun} per run`],
  ];
  const ref = (x: ReferenceResult): string[][] => [
    [`${x.scenario}: pure reducers`, fmt(x.reducers.stepsPerS), `${x.layerStepsPerRun} layer steps/run`],
    [`${x.scenario}: xstate actor.send`, fmt(x.actors.stepsPerS), `${x.actorsOverReducers}x the reducers' time`],
    [`${x.scenario}: xstate transition()`, fmt(x.transition.stepsPerS), `${x.transitionOverReducers}x the reducers' time`],
  ];
  const c = r.reference.calibration;
  const sections: Section[] = [
    { title: 'Simulated events per second', header: ['run', 'events/s', 'runs/s', 'note'], rows: [...sim(r.simulate.seedFixed, r.ratios.seedFixed), ...sim(r.simulate.largest, r.ratios.largest)] },
    {
      title: 'Plain-TypeScript reference (recorded layer events, steps per second)',
      header: ['stepping', 'steps/s', 'note'],
      rows: [
        ...ref(r.reference.seedFixed),
        ...ref(r.reference.largest),
        ['3-state machine: plain reducer', fmt(c.reducerStepsPerS), 'docs/facts.md, the tools: ~100M'],
        ['3-state machine: xstate actor.send', fmt(c.actorStepsPerS), ''],
        ['3-state machine: xstate transition()', fmt(c.transitionStepsPerS), `docs/facts.md: ~93k; ${c.transitionOverReducer}x the reducer's time`],
      ],
    },
    {
      title: 'check: complete random schedules per second',
      header: ['scenario', 'schedules/s', 'schedules', 'seconds'],
      rows: r.check.flatMap((c) => [
        [`${c.scenario} (${c.preset}), ${c.strategy}${c.counterexample ? ' [cut short by a counterexample]' : ''}`, fmt(c.schedulesPerS), fmt(c.runs), fmt(c.ms / 1000, 2)],
        ...(c.onCores ? [[`${c.scenario} (${c.preset}), ${c.strategy} over ${c.onCores.workers} threads${c.onCores.counterexample ? ' [cut short by a counterexample]' : ''}`, fmt(c.onCores.schedulesPerS), fmt(c.onCores.runs), fmt(c.onCores.ms / 1000, 2)]] : []),
      ]),
    },
    {
      title: 'explore internals: visited-state fingerprint (structural, 64-bit) per state, against a task of a lean run; the plain text hash for reference',
      header: ['scenario', 'states', 'fingerprint µs/state', 'task µs', 'fingerprint/task', 'text chars', 'text hash µs/state'],
      rows: [r.stateHash.seedFixed, r.stateHash.largest].map((h) => [h.scenario, fmt(h.states), fmt(h.fingerprintUs, 1), fmt(h.stepUs, 1), `${h.fingerprintOverStep}x`, fmt(h.textChars), fmt(h.textHashUs, 1)]),
    },
    {
      title: `explore (reduction on; cap ${r.budgets.exploreSeconds} s or ${fmt(r.budgets.exploreMaxStates)} distinct states; one child process each)`,
      header: ['scenario', 'distinct', 'explored', 'runs', 'tie orders left out', 'distinct/s', 'seconds', 'finished', 'peak RSS MB'],
      rows: [...r.explore.scenarios, r.explore.reduction.off, r.explore.reduction.on, r.explore.witness].map((e) => [
        `${e.scenario} (${e.preset}${e.reduction ? '' : ', reduction off'})`,
        fmt(e.distinctStates),
        fmt(e.statesExplored),
        fmt(e.runs),
        fmt(e.tiesPruned),
        fmt(e.distinctStatesPerS),
        fmt(e.seconds, 2),
        e.exhaustive ? 'yes' : `no: ${e.bound === 'first' ? 'first witness' : `${e.bound} cap`}`,
        fmt(e.maxRssMb),
      ]),
    },
    {
      title: `time to the first counterexample (check, median of ${r.budgets.counterexampleSeeds} seeds where one is known, ${r.budgets.counterexampleRunsPerSeed} schedules each at most)`,
      header: ['scenario', 'preset', 'strategy', 'known', 'median ms', 'median schedules', 'found'],
      rows: r.counterexamples.map((x) => [
        x.scenario,
        x.preset,
        x.strategy,
        x.known ? 'yes' : 'no',
        x.medianMs === null ? (x.found === 0 ? `none in ${fmt(x.seeds * x.runsPerSeed)} runs` : `not within ${x.runsPerSeed} runs`) : fmt(x.medianMs, 1),
        x.medianRuns === null ? '-' : fmt(x.medianRuns),
        `${x.found}/${x.seeds}${x.known && x.found < x.seeds ? ' MISS' : ''}`,
      ]),
    },
    {
      title: 'shrinking (from the schedule seed 1 finds; fast-check capped)',
      header: ['scenario', 'preset', 'pct + ddmin', 'random + ddmin', 'random + fast-check'],
      rows: r.shrinking.map((x) => [x.scenario, x.preset, shrinkCell(x.pct), shrinkCell(x.randomDdmin), shrinkCell(x.randomFastCheck)]),
    },
    {
      title: `PCT hit rate per depth (${r.pctDepth.scenario} under ${r.pctDepth.preset})`,
      header: ['strategy', 'schedules', 'violating', 'ms'],
      rows: r.pctDepth.rates.map((h) => [h.depth === null ? 'uniform random' : `pct depth ${h.depth}`, fmt(h.runs), fmt(h.violating), fmt(h.ms)]),
    },
    {
      title: `visualizer: ${fmt(r.viz.events)}-event trace (${fmt(r.viz.traceBytes / 2 ** 20, 1)} MB) in headless Chromium, median of ${r.viz.loads} fresh page(s)`,
      header: ['phase', 'ms'],
      rows: [
        ['JSON.parse (before loadTrace)', fmt(r.viz.parseMs, 1)],
        ['index (cachelab:index)', fmt(r.viz.measureIndexMs, 1)],
        ['render (cachelab:render)', fmt(r.viz.measureRenderMs, 1)],
        ['loadTrace until painted', fmt(r.viz.paintedMs, 1)],
      ],
    },
    {
      title: 'targets',
      header: ['target', 'threshold', 'measured', 'met', 'off by'],
      rows: r.targets.map((t) => [
        t.target,
        `${isCount(t) ? 'all' : fmt(t.threshold)} ${t.unit}`,
        isCount(t) ? `${t.measured} of ${t.threshold} ${t.unit}` : t.measured < 0 ? 'not found' : `${fmt(t.measured, 1)} ${t.unit}`,
        t.met ? 'yes' : 'NO',
        t.met ? '' : t.factor === null ? 'unknown (capped)' : `${t.factor}x`,
      ]),
    },
  ];
  return head + renderSections(sections);
}

/** A target counted in items ("7 of 8 scenarios") rather than measured in a unit. */
export function isCount(t: Target): boolean {
  return t.unit === 'scenarios' || t.unit === 'known counterexamples';
}

function shrinkCell(f: ShrinkComparison['pct']): string {
  if (!f) return 'not found';
  return `${f.capped ? '> ' : ''}${fmt(f.ms)} ms, ${fmt(f.evaluations)} runs, ${f.foundDeviations ?? '?'} -> ${f.shrunkDeviations ?? '?'} dev.`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      'explore-seconds': { type: 'string' },
      'explore-max-states': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench [-- --quick] [-- --out FILE] [-- --explore-seconds N] [-- --explore-max-states N]\n');
    return;
  }
  const overrides: Partial<Budgets> = {};
  if (values['explore-seconds'] !== undefined) overrides.exploreSeconds = Number(values['explore-seconds']);
  if (values['explore-max-states'] !== undefined) overrides.exploreMaxStates = Number(values['explore-max-states']);
  for (const [k, v] of Object.entries(overrides)) if (!(v > 0)) throw new Error(`--${k} must be a positive number`);
  const out = resolve(values.out ?? fileURLToPath(new URL('./results.json', import.meta.url)));
  const results = await runBench(Boolean(values.quick), overrides);
  process.stdout.write(formatResults(results));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
