// The explorer gathers a run's trace facts resuming from the last judged run's (resumeFacts: the
// two share their first events, restored from one stored state) rather than from the start. The
// resumed facts, and the verdicts judged on them, must equal what the whole trace gives: at every
// state of runs that branch off other seeded runs, and on every run of explorations of every
// scenario (and the explorer's own, judged on its one reused events array). A trace whose events
// are not in seq order is gathered whole, never resumed from.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { Expander, rootPending, type Pending } from '../../sim/explore/expand';
import { defaultHorizon } from '../../sim/explore/explorePlain';
import { checkFacts, checkInvariants } from '../../sim/invariants/index';
import { gatherFacts, resumeFacts, resumeFactsInPlace, type GatheredFacts } from '../../sim/invariants/traceFacts';
import { pctChooser } from '../../sim/pctChooser';
import { SCENARIOS } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import { Simulation } from '../../sim/simulation';
import type { TraceEvent } from '../../sim/trace';
import type { SimState } from '../../sim/world/state';

/** Resumed facts of `events` (from `base`) against facts gathered afresh, and (`verdicts`) the verdicts on both. */
function expectSame(events: readonly TraceEvent[], base: GatheredFacts | null, what: string, verdicts = true): GatheredFacts {
  const resumed = resumeFacts(events, base);
  const { events: resumedEvents, ...facts } = resumed.facts;
  const { events: _events, ...wholeFacts } = gatherFacts(events);
  expect(resumedEvents, what).toBe(events);
  expect(facts, what).toEqual(wholeFacts);
  if (verdicts) expect(checkFacts(resumed.facts), what).toEqual(checkInvariants({ events } as never));
  return resumed;
}

/** A lean run under a PCT chooser, from the start or from a stored state; the states it passed (before each task). */
function run(scenario: Scenario, preset: string, seed: number, from?: { state: SimState; events: readonly TraceEvent[] }) {
  const config = resolveConfig(preset, [], scenario.configDefaults).config;
  const sim = new Simulation(scenario, config, pctChooser({ seed, depth: 3, steps: 30 }), true);
  const states: Array<{ state: SimState; events: readonly TraceEvent[] }> = [];
  sim.beforeStep = () => {
    states.push({ state: sim.snapshot(), events: sim.events });
  };
  if (from) {
    sim.restore(from.state, from.events);
    while (sim.step());
  } else sim.run();
  return { events: sim.events, states };
}

/** A crafted event (only what the facts read). */
function ev(seq: number, type: string, payload: Record<string, unknown>, actor = 'db'): TraceEvent {
  return { seq, t: seq, actor, type, causeId: null, label: type, payload: payload as TraceEvent['payload'] };
}

describe('a trace whose events are not in seq order is never resumed from', () => {
  it('its commits (cut back in the order they were added) and lists are gathered whole', () => {
    const start = ev(0, 'sim.start', { users: [{ name: 'A', userId: '1' }], items: [{ uuid: 'x' }, { uuid: 'y' }] }, 'sim');
    // x's commit carries a later seq than y's, though it comes first: the commits Map is then not in seq order.
    const x = ev(4, 'db.commit', { committed: ['x'] });
    const y = ev(2, 'db.commit', { committed: ['y'] });
    const base = resumeFacts([start, x, y, ev(3, 'sim.settle', {}, 'sim')], null);
    expect(base.resumable).toBe(false);
    // A trace sharing the first three events: cutting base's commits back at seq 3 would stop at x and lose y.
    const resumed = expectSame([start, x, y, ev(3, 'db.commit', { committed: [] })], base, 'out-of-seq-order base', false);
    expect([...resumed.facts.commits.keys()]).toEqual(['x', 'y']);
    // A second commit of the same uuid moves nothing: the first one is kept, and the facts stay resumable.
    const again = resumeFacts([start, ev(1, 'db.commit', { committed: ['x'] }), ev(2, 'db.commit', { committed: ['y', 'x'] })], null);
    expect(again.resumable).toBe(true);
    expect([...again.facts.commits].map(([uuid, e]) => [uuid, e.seq])).toEqual([['x', 1], ['y', 2]]);
    expectSame([...again.facts.events.slice(0, 2), ev(2, 'sim.settle', {}, 'sim')], again, 'a re-commit, cut back', false);
  });
});

describe('resumed trace facts equal the whole trace\'s', () => {
  for (const scenario of SCENARIOS)
    it(`${scenario.name}: runs branching off seeded runs, at every state`, () => {
      for (const preset of ['broken', 'seed-fix']) {
        const first = run(scenario, preset, 1);
        const base = expectSame(first.events, null, `${scenario.name} ${preset} seed 1`);
        // Branch off every tenth state of the first run with another schedule.
        for (let i = 0; i < first.states.length; i += 10) {
          const branch = run(scenario, preset, 2 + i, first.states[i]);
          // Every state of the branch (its events so far: a prefix shared with the first run, then its own); the verdicts at its end.
          for (const s of branch.states) if (s.state.eventCount > 0) expectSame(branch.events.slice(0, s.state.eventCount), base, `${scenario.name} ${preset}: branch at state ${i}, ${s.state.eventCount} events`, false);
          expectSame(branch.events, base, `${scenario.name} ${preset}: branch at state ${i}`);
        }
      }
    });

  for (const scenario of SCENARIOS)
    it(`${scenario.name}: cut back in place (the explorer's), on runs branching off seeded runs`, () => {
      for (const preset of ['broken', 'seed-fix']) {
        const first = run(scenario, preset, 1);
        for (let i = 0; i < first.states.length; i += 10) {
          const branch = run(scenario, preset, 2 + i, first.states[i]);
          // A base of its own each time: the cut changes it, and the result is that base.
          const base = resumeFacts(first.events, null);
          const resumed = resumeFactsInPlace(branch.events, base);
          expect(resumed).toBe(base);
          const { events: resumedEvents, ...facts } = resumed.facts;
          const { events: _events, ...wholeFacts } = gatherFacts(branch.events);
          expect(resumedEvents).toBe(branch.events);
          expect(facts, `${scenario.name} ${preset}: branch at state ${i}`).toEqual(wholeFacts);
          // Map order too (toEqual does not compare it): commits are cut back by their order.
          expect([...facts.commits.keys()]).toEqual([...wholeFacts.commits.keys()]);
          expect([...facts.items.keys()]).toEqual([...wholeFacts.items.keys()]);
          expect(resumed.lastSeq).toBe(branch.events[branch.events.length - 1].seq);
        }
      }
    });

  it('on every run of explorations of every scenario, each resumed from the run before', () => {
    for (const scenario of SCENARIOS) {
      for (const preset of ['broken', 'seed-fix', 'robust']) {
        const config = resolveConfig(preset, [], scenario.configDefaults).config;
        const expander = new Expander({ scenario, config, horizonMs: defaultHorizon(scenario), independence: null });
        const seen = new Set<string>();
        const visit = (a: number, b: number) => {
          const key = `${a},${b}`;
          if (seen.has(key)) return 'seen';
          if (seen.size >= 400) return 'full';
          seen.add(key);
          return 'new';
        };
        let queue: Pending[] = [rootPending(expander.sim)];
        let last: GatheredFacts | null = null;
        let judged = 0;
        let runs = 0;
        while (queue.length && runs < 60) {
          const next: Pending[] = [];
          for (const p of queue) {
            const x = expander.expand(p, visit);
            runs++;
            // The expander's own: it reuses one events array for every run, changed in place past
            // what the next run shares, so what it kept of the facts' array must be bounded.
            // Its facts are one object, cut back and gathered on in place for each run it judges.
            if (expander.judgedRuns !== judged) {
              judged = expander.judgedRuns;
              const { events: _judgedEvents, ...judgedFacts } = expander.judgedFacts!.facts;
              const { events: _events, ...wholeFacts } = gatherFacts([...expander.sim.events]);
              expect(judgedFacts, `${scenario.name} ${preset} run ${runs}, as judged`).toEqual(wholeFacts);
            }
            // A copy: the expander's array changes under the next run.
            last = expectSame([...expander.sim.events], last, `${scenario.name} ${preset} run ${runs}`);
            // The explorer's runs are in seq order, so the next one resumes from this.
            expect(last.resumable).toBe(true);
            next.push(...x.children);
            if (x.full) break;
          }
          queue = next;
        }
      }
    }
  });
});
