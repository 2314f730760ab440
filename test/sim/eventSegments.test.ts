// A queued schedule keeps the trace events and choices before its state as chains of segments,
// each run's own after the run it resumed from (sim/explore/expand.ts, Segment), not a copy of
// the whole arrays per run. The events a schedule is restored with (upTo) must be exactly those a
// run from the start records up to that state, making the choices the schedule's chain gives
// (so those are right too: other choices would make other events, or stop the strict replay):
// checked for schedules queued in the first levels of explorations, deferred jitter on and off.
// Each child's choices up to the one that differs are checked against its parent run's.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { Expander, refill, rootPending, upTo, type Pending } from '../../sim/explore/expand';
import { defaultHorizon } from '../../sim/explore/explorePlain';
import { footprintIndependence } from '../../sim/explore/independence';
import { runScenarioDetailed, STOP_RUN } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';

/** The first `count` events of a lean run from the start with `choices`, then nominal ones. */
function eventsFromStart(scenario: Scenario, preset: string, choices: readonly number[], count: number): string[] {
  const { trace } = runScenarioDetailed(scenario, {
    preset,
    choices,
    strictChoices: true,
    lean: true,
    beforeStep: (sim) => {
      if (sim.events.length >= count) throw STOP_RUN;
    },
  });
  return trace.events.slice(0, count).map((e) => JSON.stringify(e));
}

/** The choices a queued schedule's run makes from the start, by the plain reading of its parent run's (up to where it differs). */
function scheduleChoices(p: Pending): number[] {
  const { at } = p;
  if (p.value < 0) return upTo(at.choices, at.choiceCount);
  if (p.retime) return upTo(at.choices, at.choiceCount).map((c, k) => (k === p.i ? p.value : c));
  return [...upTo(at.choices, p.i), p.value];
}

/**
 * Schedules queued by an exploration, level by level, up to `maxRuns` runs; every `every`-th run's
 * events are compared with a run from the start making the choices its schedule says.
 */
function queued(scenario: Scenario, preset: string, deferJitter: boolean, maxRuns: number, every: number): Pending[] {
  const config = resolveConfig(preset, [], scenario.configDefaults).config;
  const expander = new Expander({ scenario, config, horizonMs: defaultHorizon(scenario), independence: footprintIndependence, deferJitter });
  const seen = new Set<string>();
  const visit = (a: number, b: number) => {
    const key = `${a},${b}`;
    if (seen.has(key)) return 'seen' as const;
    seen.add(key);
    return 'new' as const;
  };
  const all: Pending[] = [];
  let queue: Pending[] = [rootPending(expander.sim)];
  let runs = 0;
  while (queue.length && runs < maxRuns) {
    const next: Pending[] = [];
    for (const p of queue) {
      if (runs++ >= maxRuns) break;
      const x = expander.expand(p, visit);
      if (runs % every === 0) {
        const events = expander.sim.events;
        const expected = eventsFromStart(scenario, preset, scheduleChoices(p), events.length);
        const differs = events.findIndex((e, k) => JSON.stringify(e) !== expected[k]);
        expect(differs, `run ${runs}: first event that differs`).toBe(-1);
      }
      next.push(...x.children);
      all.push(...x.children);
    }
    queue = next;
  }
  return all;
}

describe('a queued schedule restores exactly the events a run from the start records', () => {
  for (const [name, preset, deferJitter] of [
    ['commit-race', 'seed-fix', true],
    ['cache-pressure', 'broken', false],
    ['concurrent-deletes', 'robust', true],
  ] as const)
    it(`${name} under ${preset}${deferJitter ? '' : ', jitter branched at start'}`, () => {
      const scenario = getScenario(name);
      const pendings = queued(scenario, preset, deferJitter, 60, 3);
      expect(pendings.length).toBeGreaterThan(20);
      // Every boundary once (siblings share theirs); branched runs' boundaries come from segments two or more deep.
      const all = [...new Set(pendings.map((p) => p.at))];
      const boundaries = all.filter((_, k) => k % Math.ceil(all.length / 60) === 0);
      let deep = 0;
      for (const at of boundaries) {
        if (at.log.prev?.prev) deep++;
        const events = upTo(at.log, at.state.eventCount);
        expect(events.map((e) => e.seq)).toEqual(events.map((_, k) => k));
        const expected = eventsFromStart(scenario, preset, upTo(at.choices, at.choiceCount), at.state.eventCount);
        expect(events.length).toBe(expected.length);
        // The first event that differs (-1: none), rather than two whole traces.
        const differs = events.findIndex((e, k) => JSON.stringify(e) !== expected[k]);
        expect(differs, `${at.state.eventCount} events`).toBe(-1);
      }
      expect(deep).toBeGreaterThan(0);
    });
});

describe('upTo', () => {
  // A retimed jitter's run owns its choices from the jitter's choice on, which can come before the
  // start of the segment it resumes from (concurrent-deletes under broken meets it after about
  // 63,000 runs): the later segment wins from its start on, the earlier ones fill only what lies before.
  it('reads a chain whose last segment starts before the one it follows', () => {
    const root = { prev: null, start: 0, own: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'] };
    const resumed = { prev: root, start: 4, own: ['b4', 'b5', 'b6'] };
    const retimed = { prev: resumed, start: 2, own: ['c2', 'c3', 'c4'] };
    expect(upTo(retimed, 5)).toEqual(['a0', 'a1', 'c2', 'c3', 'c4']);
    expect(upTo(retimed, 2)).toEqual(['a0', 'a1']);
    expect(upTo(resumed, 7)).toEqual(['a0', 'a1', 'a2', 'a3', 'b4', 'b5', 'b6']);
    const onTop = { prev: retimed, start: 5, own: ['d5'] };
    expect(upTo(onTop, 6)).toEqual(['a0', 'a1', 'c2', 'c3', 'c4', 'd5']);
  });

  it('fails, rather than reading holes, when a segment kept fewer entries than asked', () => {
    const root = { prev: null, start: 0, own: ['a0', 'a1'] };
    const next = { prev: root, start: 3, own: ['b3'] };
    expect(() => upTo(next, 4)).toThrow(/stored/);
    expect(() => upTo(root, 3)).toThrow(/stored/);
  });
});

describe('refill', () => {
  // The explorer keeps one events array for all its runs: refill turns the last run's entries into
  // the next one's, rewriting only past what the two share. On trees of segments as runs make them
  // (each run's own entries after the ones it was restored with, some retimed ones starting
  // earlier), for every pair of a last run and a next restore: refill must give what upTo gives.
  it('gives upTo, from the entries of any run before', () => {
    type Seg = { prev: Seg | null; start: number; own: string[] };
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const root: Seg = { prev: null, start: 0, own: Array.from({ length: 12 }, (_, k) => `r${k}`) };
    // A segment's whole entries: what a run restored from (prev, start) records.
    const full = (s: Seg) => [...upTo(s, s.start + s.own.length)];
    const segs: Seg[] = [root];
    for (let n = 1; n < 40; n++) {
      const prev = segs[rand(segs.length)];
      const start = rand(prev.start + prev.own.length + 1);
      segs.push({ prev, start, own: Array.from({ length: 1 + rand(8) }, (_, k) => `s${n}.${start + k}`) });
    }
    let checked = 0;
    for (const last of segs) {
      for (const log of segs) {
        for (let count = 0; count <= log.start + log.own.length; count += 1 + rand(3)) {
          const out = full(last);
          const kept = refill(out, last, log, count);
          expect(out, `${segs.indexOf(last)} -> ${segs.indexOf(log)} at ${count}`).toEqual(upTo(log, count));
          expect(kept).toBeLessThanOrEqual(count);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
    // The explorer's common case: a sibling from the same state keeps everything it shares.
    const out = full(segs[5]);
    expect(refill(out, segs[5], segs[5].prev!, segs[5].start)).toBe(segs[5].start);
  });
});
