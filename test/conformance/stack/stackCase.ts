// One case of the scenario-level comparison, ready to run: the scenario (or its variant), the
// preset and overrides the model runs with, the model's observations and schedule, and whether
// the real stack runs it gated. Shared by stack.test.ts, the rig's recovery test and tools/realStack.ts.
import { resolveConfig, type Config } from '../../../src/config';
import { runScenario } from '../../../sim/run';
import { getScenario } from '../../../sim/scenarios/index';
import type { Scenario, ScenarioStep } from '../../../sim/scenarios/types';
import { pageLoadLeadMs } from '../../../sim/world/page';
import { modelSchedule } from './modelSchedule';
import { modelObservations, type StepObservation } from './observation';
import { stepLabel, type RealStackOptions } from './realStack';

export interface StackCase {
  scenario: string;
  /** The scenario itself, when it is not the catalog's of that name (a scenario file: tools/realStack.ts). */
  from?: Scenario;
  preset?: string;
  overrides?: string[];
  /** The scenario with its steps changed, named in the case. */
  variant?: { name: string; steps(scenario: Scenario): ScenarioStep[] };
}

export interface PreparedCase {
  name: string;
  /** What the model observed after each step (or group of overlapping steps), the settle last. */
  model: StepObservation[];
  /** Why the steps overlap in the model's run, when they do (the real stack then runs gated). */
  gatedBecause: string | null;
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

/** The steps in the order the model starts them: by the time of the click (a page load's comes first), then as listed. */
function orderedSteps(scenario: Scenario, config: Config): ScenarioStep[] {
  const clickMs = (s: ScenarioStep) => s.atMs - pageLoadLeadMs(s, config);
  return scenario.steps.map((s, i) => [s, i] as const).sort((a, b) => clickMs(a[0]) - clickMs(b[0]) || a[1] - b[1]).map(([s]) => s);
}

/** The case's name and either what to run and compare, or why the real stack cannot run it. */
export function prepareStackCase(c: StackCase): { name: string; skip: string } | PreparedCase {
  const named = c.from ?? getScenario(c.scenario);
  const scenario: Scenario = c.variant ? { ...named, steps: c.variant.steps(named) } : named;
  const preset = c.preset ?? scenario.defaultPreset;
  // The real stack always sends the page load's own requests: so does the model here.
  const overrides = ['page.loadRequests=true', ...(c.overrides ?? [])];
  // gunicorn alone lets the kernel pick the worker; the rig can only reproduce a fixed routing,
  // so a scenario with several workers is compared behind the rig's round-robin proxy.
  if (resolveConfig(preset, overrides, scenario.configDefaults).config['deploy.routing'] === 'accept' && (scenario.configDefaults['deploy.workers'] ?? 1) > 1) {
    overrides.push('deploy.routing=round-robin');
  }
  const name = [c.variant ? `${c.scenario} (${c.variant.name})` : c.scenario, preset, ...overrides].join(' ');
  const { config } = resolveConfig(preset, overrides, scenario.configDefaults);
  const why = unrunnable(scenario);
  if (why) return { name, skip: why };
  const steps = orderedSteps(scenario, config);
  const labels = [...steps.map(stepLabel), 'settle: every user reloads'];
  const trace = runScenario(scenario, { preset, overrides });
  const stepwise = modelObservations(trace, labels);
  // Steps that overlap in the model's run: the real stack follows the model's schedule.
  const model = 'notSteppable' in stepwise ? modelObservations(trace, labels, { merge: true }) : stepwise;
  if ('notSteppable' in model) return { name, skip: model.notSteppable };
  const gatedBecause = 'notSteppable' in stepwise ? stepwise.notSteppable : null;
  const settleUsers = scenario.users.filter((u) => scenario.steps.some((s) => s.user === u.name && s.do === 'open')).map((u) => u.name);
  return {
    name,
    model: model.observations,
    gatedBecause,
    options: { scenario, steps, groups: model.groups, settleUsers, config, schedule: modelSchedule(trace), gated: gatedBecause !== null },
  };
}

