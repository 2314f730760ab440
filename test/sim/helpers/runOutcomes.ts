// The reductions' outcome oracle: the set of final states an exhaustive exploration reaches, each
// with every time dropped and the workers renumbered to their canonical rotation. Each run that
// reaches the scenario's end reports its final state (ExploreHooks.onRunEnd); a run stopped at a
// visited state has its continuations explored from that state's first visit, so the union over
// the exploration is every final state the search can reach. A sound reduction keeps that set:
// the partial-order reduction explores one order of independent tasks (the same final states),
// the worker symmetry keeps one state per rotation of the workers (hence the canonical rotation
// here), and the quiet gap and deferred jitter merge or postpone states that differ by times alone
// (hence the times dropped: a run continued from a merged state ends at other times).
// Verdict equality alone does not see a reduction that loses runs whose outcomes are not the only
// violating ones; this set does.
import { resolveConfig } from '../../../src/config';
import { epochMsOf } from '../../../sim/clock';
import type { ExploreOptions, ExploreResult } from '../../../sim/explore/explore';
import { defaultHorizon } from '../../../sim/explore/explorePlain';
import { timeless } from '../../../sim/explore/spaceProfile';
import { workerSymmetry } from '../../../sim/explore/symmetry';
import { fingerprintWithoutCaches } from '../../../sim/fingerprint';
import type { Scenario } from '../../../sim/scenarios/types';
import type { SimState } from '../../../sim/world/state';
import { exploreSide } from './compareReductions';
import { HistoryGraph, historyDifferences, type Histories } from './scheduleHistories';

export interface OutcomeSide {
  result: ExploreResult;
  /** Each final state's time-free, worker-canonical fingerprint, as `a:b`. */
  outcomes: Set<string>;
  /** What the calendars showed along the way, over every schedule (helpers/scheduleHistories.ts). */
  histories: Histories;
}

/** Explores `scenario` under `preset` exhaustively with `options` and collects the runs' outcomes. */
export function exploreOutcomes(scenario: Scenario, preset: string, options: Omit<ExploreOptions, 'preset' | 'maxStates' | 'hooks'> = {}, timed = false): OutcomeSide {
  const canonical = workerSymmetry(resolveConfig(preset, [], scenario.configDefaults).config);
  const epochMs = epochMsOf(scenario.today);
  const horizonMs = defaultHorizon(scenario);
  const outcomes = new Set<string>();
  const outcomeOf = (state: SimState) => {
    const renumbered = canonical ? canonical(state) : state;
    const [a, b] = fingerprintWithoutCaches(timed ? renumbered : timeless(renumbered, epochMs), epochMs, horizonMs);
    return `${a}:${b}`;
  };
  const graph = new HistoryGraph(outcomeOf);
  const result = exploreSide(scenario, preset, {
    ...options,
    hooks: {
      onRun: (run) => {
        graph.add(run);
        if (run.ended) outcomes.add(outcomeOf(run.final));
      },
    },
  });
  if (result.stopReason !== null) throw new Error(`${scenario.name} ${preset}: not exhaustive (${result.stopReason})`);
  return { result, outcomes, histories: graph.histories() };
}

/** Outcomes on one side only (empty when the sets agree). */
export function outcomeDifferences(base: OutcomeSide, other: OutcomeSide): string[] {
  const lost = [...base.outcomes].filter((o) => !other.outcomes.has(o)).length;
  const extra = [...other.outcomes].filter((o) => !base.outcomes.has(o)).length;
  return lost || extra ? [`outcomes: ${lost} lost, ${extra} new, of ${base.outcomes.size}`] : [];
}

/** Histories on one side only (empty when the sets agree). */
export function historyDifferencesOf(base: OutcomeSide, other: OutcomeSide): string[] {
  const { lost, extra, of } = historyDifferences(base.histories, other.histories);
  return lost || extra ? [`histories: ${lost} lost, ${extra} new, of ${of}`] : [];
}
