// One case of the scenario-level comparison, ready to run: the scenario (or its variant), the
// preset and overrides the model runs with, the model's observations and schedule, and whether
// the real stack runs it gated. Shared by stack.test.ts, the rig's recovery test and tools/realStack.ts.
import { resolveConfig, type Config } from '../../../src/config';
import { runScenario } from '../../../sim/run';
import { checkInvariants } from '../../../sim/invariants/index';
import { getScenario } from '../../../sim/scenarios/index';
import type { ChoiceRecord } from '../../../sim/chooser';
import type { Scenario, ScenarioStep } from '../../../sim/scenarios/types';
import type { Trace } from '../../../sim/trace';
import { pageLoadLeadMs } from '../../../sim/world/page';
import { modelFeedCacheControl } from './feedHeaders';
import { modelSchedule } from './modelSchedule';
import { modelObservations, type StepObservation } from './observation';
import { scriptFiles, stepLabel, type RealStackOptions } from './realStack';

export interface StackCase {
  scenario: string;
  /** The scenario itself, when it is not the catalog's of that name (a scenario file: tools/realStack.ts). */
  from?: Scenario;
  preset?: string;
  overrides?: string[];
  /** The scenario with its steps changed, named in the case. */
  variant?: { name: string; steps(scenario: Scenario): ScenarioStep[] };
  /**
   * A recorded schedule (a trace's choices: a counterexample of check or explore) in place of the
   * nominal one. The real stack then runs gated, and each request goes to the model's worker.
   */
  choiceLog?: readonly ChoiceRecord[];
}

export interface PreparedCase {
  name: string;
  /** What the model observed after each step (or group of overlapping steps), the settle last. */
  model: StepObservation[];
  /** Why the steps overlap in the model's run, when they do (the real stack then runs gated). */
  gatedBecause: string | null;
  /** The distinct Cache-Control of the model's feed answers (feedHeaders.ts). */
  feedCacheControl: string[];
  /** The invariants the model's run breaks, in INVARIANTS order: none, when a stale calendar is one they allow. */
  violated: string[];
  /** runRealStack's options, less the servers. */
  options: Omit<RealStackOptions, 'postgres' | 'redis'>;
}

/** Step kinds the rig's app (stack_app.py, calendar.js) and driver can perform. */
const RIG_STEPS = new Set(['open', 'navigate', 'reload', 'refetch', 'delete', 'create', 'edit', 'filter']);

/** Why the real stack cannot run this scenario, or null. */
function unrunnable(scenario: Scenario): string | null {
  const missing = [...new Set(scenario.steps.map((s) => s.do as string).filter((kind) => !RIG_STEPS.has(kind)))];
  return missing.length ? `its steps include ${missing.join(' and ')}, which the rig's app does not have (stack_app.py, calendar.js)` : null;
}

/**
 * A knob the rig cannot follow, or null. Its page always loads the same script files
 * (scriptFiles()), which the workers serve unless deploy.staticFiles=elsewhere: any other
 * page.scriptFiles would differ in every page load's routes, a difference of the rig, not the model.
 */
function unsupportedKnobs(config: Config): string | null {
  const rigScripts = Object.keys(scriptFiles()).length;
  if (config['deploy.staticFiles'] === 'django' && config['page.scriptFiles'] !== rigScripts)
    return `page.scriptFiles=${config['page.scriptFiles']}: the rig's page loads ${rigScripts} script files (${Object.keys(scriptFiles()).join(', ')}), which its workers serve; leave page.scriptFiles at ${rigScripts}, or set deploy.staticFiles=elsewhere (then the workers serve none)`;
  return null;
}

/** The steps in the order the model starts them: by the time of the click (a page load's comes first), then as listed. */
function orderedSteps(scenario: Scenario, config: Config): ScenarioStep[] {
  const clickMs = (s: ScenarioStep) => s.atMs - pageLoadLeadMs(s, config);
  return scenario.steps.map((s, i) => [s, i] as const).sort((a, b) => clickMs(a[0]) - clickMs(b[0]) || a[1] - b[1]).map(([s]) => s);
}

/**
 * The steps in the order a recorded schedule started them (its jitter can move a step past
 * another), matched by user and kind; null when the run's steps are not the scenario's.
 */
function stepsAsRun(scenario: Scenario, trace: Trace): ScenarioStep[] | null {
  const left = [...scenario.steps];
  const ordered: ScenarioStep[] = [];
  for (const e of trace.events) {
    if (e.causeId !== null || !e.type.startsWith('user.')) continue;
    const k = left.findIndex((s) => `user:${s.user}` === e.actor && `user.${s.do}` === e.type);
    if (k < 0) return null;
    ordered.push(...left.splice(k, 1));
  }
  return left.length ? null : ordered;
}

/** The case's name and either what to run and compare, or why the real stack cannot run it. */
export function prepareStackCase(c: StackCase): { name: string; skip: string } | PreparedCase {
  const named = c.from ?? getScenario(c.scenario);
  const scenario: Scenario = c.variant ? { ...named, steps: c.variant.steps(named) } : named;
  const preset = c.preset ?? scenario.defaultPreset;
  // The real stack always sends the page load's own requests: so does the model here.
  const overrides = ['page.loadRequests=true', ...(c.overrides ?? [])];
  // gunicorn alone lets the kernel pick the worker; the rig can only reproduce a fixed routing,
  // so a run with several workers (the scenario's, or --set deploy.workers=N's) is compared behind
  // the rig's round-robin proxy. A recorded schedule says which worker took each request: the
  // proxy sends each there.
  const asked = resolveConfig(preset, overrides, scenario.configDefaults).config;
  if (!c.choiceLog && asked['deploy.routing'] === 'accept' && asked['deploy.workers'] > 1) {
    overrides.push('deploy.routing=round-robin');
  }
  const name = [c.variant ? `${c.scenario} (${c.variant.name})` : c.scenario, preset, ...overrides, ...(c.choiceLog ? ['(recorded schedule)'] : [])].join(' ');
  const { config } = resolveConfig(preset, overrides, scenario.configDefaults);
  const why = unrunnable(scenario) ?? unsupportedKnobs(config);
  if (why) return { name, skip: why };
  const trace = runScenario(scenario, { preset, overrides, ...(c.choiceLog ? { choiceLog: c.choiceLog } : {}) });
  const steps = c.choiceLog ? stepsAsRun(scenario, trace) : orderedSteps(scenario, config);
  if (steps === null) return { name, skip: "the recorded run's user steps are not the scenario's" };
  const labels = [...steps.map(stepLabel), 'settle: every user reloads'];
  const stepwise = modelObservations(trace, labels);
  // Steps that overlap in the model's run, or a recorded schedule: the real stack follows the model's.
  const gatedBecause = 'notSteppable' in stepwise ? stepwise.notSteppable : c.choiceLog ? "a recorded schedule: the real stack follows its order" : null;
  const model = gatedBecause !== null ? modelObservations(trace, labels, { merge: true }) : stepwise;
  if ('notSteppable' in model) return { name, skip: model.notSteppable };
  const settleUsers = scenario.users.filter((u) => scenario.steps.some((s) => s.user === u.name && s.do === 'open')).map((u) => u.name);
  return {
    name,
    model: model.observations,
    gatedBecause,
    feedCacheControl: modelFeedCacheControl(trace),
    violated: [...new Set(checkInvariants(trace).map((v) => v.invariant))],
    options: { scenario, steps, groups: model.groups, settleUsers, config, schedule: modelSchedule(trace), gated: gatedBecause !== null, scriptedRoutes: c.choiceLog !== undefined },
  };
}

