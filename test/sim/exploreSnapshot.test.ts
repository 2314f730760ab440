// The snapshot explorer against the plain one (every run replayed from the start, text state
// hash): the same verdicts, witnesses of the same length, the same distinct states and the same
// bound answer. And the structural fingerprint against the plain state text: equal exactly when
// the texts are equal, over every state of seeded runs of every scenario; a page load's start is
// measured from the next task, as every other time.
import { describe, expect, it } from 'vitest';
import { explore, explorePlain, type ExploreResult } from '../../sim/explore/explore';
import { fingerprint, type FieldTable } from '../../sim/fingerprint';
import { runScenarioDetailed } from '../../sim/run';
import { SCENARIOS, getScenario } from '../../sim/scenarios/index';
import type { SimState } from '../../sim/world/state';

const summary = (r: ExploreResult) => ({
  boundReached: r.boundReached,
  completeDeviations: r.completeDeviations,
  distinctStates: r.distinctStates,
  witnesses: r.witnesses.map((w) => [w.invariant, w.nonNominal, w.atSeq]).sort(),
});

describe('the snapshot explorer gives the plain explorer\'s answers', () => {
  for (const scenario of SCENARIOS)
    it(`${scenario.name} under broken, seed-fix and robust (bound 800 states)`, () => {
      for (const preset of ['broken', 'seed-fix', 'robust']) {
        const plain = explorePlain(scenario, { preset, maxStates: 800 });
        const snap = explore(scenario, { preset, maxStates: 800, reduction: false, deferJitter: false, quietGap: false });
        expect(snap.engine).toBe('snapshot');
        expect(summary(snap), `${scenario.name} ${preset}`).toEqual(summary(plain));
      }
    });

  it('exhaustively too: seed-fixed under every preset, seed-broken under broken', () => {
    for (const [name, preset] of [['seed-fixed', 'broken'], ['seed-fixed', 'seed-fix'], ['seed-fixed', 'robust'], ['seed-broken', 'broken']]) {
      const plain = explorePlain(getScenario(name), { preset, maxStates: 50_000 });
      const snap = explore(getScenario(name), { preset, maxStates: 50_000, reduction: false, deferJitter: false, quietGap: false });
      expect(plain.boundReached).toBe(false);
      expect(summary(snap)).toEqual(summary(plain));
      expect(snap.witnesses.map((w) => w.script)).toEqual(plain.witnesses.map((w) => w.script));
    }
  });

  it('reports the visited set: bytes per state and the collision probability', () => {
    // Enough states that the set's fixed part does not dominate (seed-broken now has under 100).
    const r = explore(getScenario('cross-user-delete'), { preset: 'robust', maxStates: 50_000 });
    expect(r.distinctStates).toBeGreaterThan(1000);
    expect(r.visitedBytesPerState).toBeGreaterThan(8);
    expect(r.visitedBytesPerState).toBeLessThanOrEqual(64);
    expect(r.collisionProbability).toBeCloseTo((r.distinctStates * (r.distinctStates - 1)) / 2 ** 65, 20);
  });

  it('a hook can stop the search; the answer then says it is not exhaustive and why', () => {
    let runs = 0;
    const found: string[] = [];
    const r = explore(getScenario('seed-broken'), { preset: 'broken', maxStates: 50_000, hooks: { shouldStop: () => ++runs >= 5, onWitness: (w) => found.push(w.invariant) } });
    expect(r.runs).toBe(5);
    expect(r.stopReason).toBe('hook');
    expect(r.boundReached).toBe(true);
    expect([...new Set(found)].sort()).toEqual(r.witnesses.map((w) => w.invariant).sort());
  });
});

describe('the structural fingerprint', () => {
  it('is equal exactly when the plain state text is equal (every state of seeds 1-4 of every scenario, broken and robust)', () => {
    const byText = new Map<string, string>();
    const byPrint = new Map<string, string>();
    let states = 0;
    for (const scenario of SCENARIOS)
      for (const preset of ['broken', 'robust'])
        for (const seed of [1, 2, 3, 4])
          runScenarioDetailed(scenario, {
            preset,
            seed,
            lean: true,
            beforeStep: (sim) => {
              const text = `${scenario.name}|${preset}|${sim.stateText(60_000)}`;
              const print = `${scenario.name}|${preset}|${fingerprint(sim.state, sim.epochMs, 60_000).join(':')}`;
              states++;
              if (byText.has(text)) expect(byText.get(text)).toBe(print);
              else byText.set(text, print);
              if (byPrint.has(print)) expect(byPrint.get(print)).toBe(text);
              else byPrint.set(print, text);
            },
          });
    expect(byText.size).toBeGreaterThan(1000);
    expect(byText.size).toBeLessThan(states);
  });

  it("measures a page load's FullCalendar start from the next task: equal under a shift in time, 0 once reached", () => {
    // The first state of seed-broken with a page request in flight whose start is still ahead (no cache holds anything yet).
    let found: SimState | null = null;
    let epochMs = 0;
    runScenarioDetailed(getScenario('seed-broken'), {
      preset: 'broken',
      lean: true,
      beforeStep: (sim) => {
        const ref = Math.min(...sim.state.sched.tasks.map((t) => t.t));
        if (!found && Object.values(sim.state.requests).some((r) => (r.then.kind === 'page' || r.then.kind === 'script') && r.then.startAtMs > ref)) {
          found = sim.snapshot();
          epochMs = sim.epochMs;
        }
      },
    });
    const state = found as SimState | null;
    if (state === null) throw new Error('no page load in flight before its start');
    const startsAt = (s: SimState, f: (ms: number) => number): SimState => ({
      ...s,
      requests: Object.fromEntries(Object.entries(s.requests).map(([id, r]) => [id, r.then.kind === 'page' || r.then.kind === 'script' ? { ...r, then: { ...r.then, startAtMs: f(r.then.startAtMs) } } : r])),
    });
    const shifted = (s: SimState, d: number): SimState => ({ ...startsAt(s, (ms) => ms + d), sched: { ...s.sched, nowMs: s.sched.nowMs + d, tasks: s.sched.tasks.map((t) => ({ ...t, t: t.t + d })) } });
    const print = (s: SimState) => fingerprint(s, epochMs, 60_000).join(':');
    expect(print(shifted(state, 250))).toBe(print(state));
    expect(print(startsAt(state, (ms) => ms + 1))).not.toBe(print(state));
    // Once reached (at or before the next task), the page starts FullCalendar as soon as the scripts are in, whenever that was.
    const ref = Math.min(...state.sched.tasks.map((t) => t.t));
    expect(print(startsAt(state, () => ref))).toBe(print(startsAt(state, () => ref - 500)));
  });

  it('has an entry for every field: a table without one does not compile', () => {
    const num = (h: { num(n: number): void }, v: number) => h.num(v);
    // @ts-expect-error `b` has no entry
    const missing: FieldTable<{ a: number; b: number }> = { a: num };
    const complete: FieldTable<{ a: number; b: number }> = { a: num, b: { skip: 'for the test' } };
    expect(Object.keys(missing)).toEqual(['a']);
    expect(Object.keys(complete)).toEqual(['a', 'b']);
  });
});
