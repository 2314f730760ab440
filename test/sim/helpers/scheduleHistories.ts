// The reductions' history oracle: what happened along the way, over every schedule an exhaustive
// exploration stands for, as a set that must be the same with a reduction as without.
//
// A schedule's history is the sequence of its instants (the tasks run between two moves of the
// clock), each what its tasks did, in no order (each event's actor and type, a render's
// content too; times, worker numbers and a render's reason left out), and the run's final state
// (helpers/runOutcomes.ts's outcome) at the end. Instants where nothing was recorded are dropped.
//
// Why a set of histories needs the search's graph, not its runs: a run that stops at a visited
// state S has no end of its own, and the runs below S's first visit had another beginning. So
// the runs' histories are not the schedules' (with more merging, fewer whole histories are run),
// and comparing them would fail a sound reduction. The runs' records (ExploreHooks.onRun) give
// the graph instead: a visited state's fingerprint is a node, the task between two visits an
// edge; every schedule is a path from the root to an end, and every such path one schedule, on
// the premise of every merge (equal fingerprints, the same futures up to time and the workers'
// numbering). The set is that graph's language, compared through deterministic automata.
// (Comparing the runs' own histories does fail: on inflight-refetch under broken, the search
// with every reduction runs one whole history to its end, the one without them two.)
//
// Why instants, unordered: the partial-order reduction runs one order of independent tasks at a
// tie, and those tasks are simultaneous; an order is all that sets such runs apart. Where the
// clock moves on is not a function of a fingerprint (it measures time from the next task, not
// from now), so it is marked on the edge into a visit, where it is (after a task, now is that
// task's time). Worker numbers: the worker symmetry merges states that differ by a rotation of them.
import type { RunRecord } from '../../../sim/explore/explore';
import type { TraceEvent } from '../../../sim/trace';
import type { SimState } from '../../../sim/world/state';

/** An edge of the explored graph (one task; none on a deferred jitter's branch): what the task did, whether the clock moves on at its end, where it goes. */
interface Edge {
  /** What its task did (taskText). */
  task: string;
  tick: boolean;
  /** A node's fingerprint, or END + the final state's outcome. */
  to: string;
}

const ROOT = 'root';
const END = 'end:';

/** A render as the history keeps it: what it showed, without times or its reason (which numbers fetches). */
function renderText(e: TraceEvent): string {
  const { transient, month, rangeStart, rangeEnd, eventIds, shown, filter } = e.payload;
  return JSON.stringify([transient, month, rangeStart, rangeEnd, eventIds, shown, filter]);
}

/** A worker's or its cache's number (the worker symmetry renumbers them). */
const WORKER_NUMBER = /^(worker|cache):\d+$/;

/** What one task did, as the history keeps it: each event's actor and type, a render's content too ('' when it recorded nothing). */
function taskText(events: readonly TraceEvent[], from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const e = events[i];
    out.push(`${e.actor.replace(WORKER_NUMBER, '$1')} ${e.type}${e.type === 'calendar.render' ? ` ${renderText(e)}` : ''}`);
  }
  return out.join('\n');
}

/** The explored graph, built from the runs' records as they come. */
export class HistoryGraph {
  private readonly edges = new Map<string, Map<string, Edge>>();
  /** The node of each stored state (a visit's; the root's before start). */
  private readonly nodeOf = new WeakMap<SimState, string>();
  private runs = 0;

  constructor(private readonly outcomeOf: (final: SimState) => string) {}

  add(run: RunRecord): void {
    if (this.runs++ === 0) this.nodeOf.set(run.from, ROOT);
    let from = this.nodeOf.get(run.from);
    if (from === undefined) throw new Error('a run resumed from a state no visit stored');
    let at = run.from.eventCount;
    for (const v of run.visits) {
      const to = `${v.a}:${v.b}`;
      this.edge(from, { task: taskText(run.events, at, v.eventCount), tick: v.instantEnd, to });
      if (v.stored) this.nodeOf.set(v.stored, to);
      from = to;
      at = v.eventCount;
    }
    if (run.ended) this.edge(from, { task: taskText(run.events, at, run.events.length), tick: true, to: END + this.outcomeOf(run.final) });
  }

  private edge(from: string, e: Edge): void {
    let out = this.edges.get(from);
    if (!out) this.edges.set(from, (out = new Map()));
    out.set(`${e.tick}|${e.to}|${e.task}`, e);
  }

  /** The set of histories as a minimal deterministic automaton. */
  histories(): Histories {
    return new Histories(this.edges);
  }
}

/** What the tasks of one instant did, in no order (the partial-order reduction runs one order of independent ones), as one symbol. */
function instantSymbol(tasks: readonly string[]): string {
  return [...tasks].sort().join('\n--\n');
}

/**
 * The histories' automaton: from the graph, one transition per instant (the tasks met from a
 * node at an instant's start to where the clock next moves on), made deterministic on the fly;
 * a state is a set of nodes, numbered once per set.
 */
export class Histories {
  /** Per node at an instant's start: each instant's symbol (null: nothing recorded) and the node after it. */
  private readonly instants = new Map<string, Array<[string | null, string]>>();
  private readonly ids = new Map<string, number>();
  /** Per automaton state: whether a history ends there, and its transitions by symbol. */
  readonly states: Array<{ final: boolean; next: Map<string, number> }> = [];
  readonly root: number;

  constructor(private readonly edges: Map<string, Map<string, Edge>>) {
    this.root = this.stateOf([ROOT]);
  }

  /** Every way from `node` to the instant's end: what its tasks did, and the node reached. */
  private instantsFrom(node: string): Array<[string | null, string]> {
    let found = this.instants.get(node);
    if (found) return found;
    const out = new Map<string, [string | null, string]>();
    const walk = (n: string, tasks: string[]) => {
      for (const e of this.edges.get(n)?.values() ?? []) {
        const all = e.task ? [...tasks, e.task] : tasks;
        if (e.tick || e.to.startsWith(END)) {
          const symbol = all.length ? instantSymbol(all) : null;
          out.set(`${symbol}|${e.to}`, [symbol, e.to]);
        } else walk(e.to, all);
      }
    };
    walk(node, []);
    found = [...out.values()];
    this.instants.set(node, found);
    return found;
  }

  /** The nodes reached from `nodes` through instants where nothing was recorded (an end included). */
  private closure(nodes: readonly string[]): string[] {
    const seen = new Set(nodes);
    const todo = [...nodes];
    while (todo.length) {
      const n = todo.pop()!;
      if (n.startsWith(END)) continue;
      for (const [symbol, to] of this.instantsFrom(n)) if (symbol === null && !seen.has(to)) (seen.add(to), todo.push(to));
    }
    return [...seen].sort();
  }

  private stateOf(nodes: readonly string[]): number {
    const set = this.closure(nodes);
    const key = set.join(' ');
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.states.length;
    this.ids.set(key, id);
    const state = { final: false, next: new Map<string, number>() };
    this.states.push(state);
    const targets = new Map<string, string[]>();
    for (const n of set) {
      // An end is a last symbol (the final state's outcome) leading to the empty history.
      if (n.startsWith(END)) targets.get(n)?.push(ROOT_END) ?? targets.set(n, [ROOT_END]);
      else for (const [symbol, to] of this.instantsFrom(n)) if (symbol !== null) targets.get(symbol)?.push(to) ?? targets.set(symbol, [to]);
    }
    if (nodes.length === 1 && nodes[0] === ROOT_END) state.final = true;
    for (const [symbol, to] of targets) state.next.set(symbol, this.stateOf([...new Set(to)]));
    return id;
  }
}

/** The automaton state after an end: the empty history only. */
const ROOT_END = 'accept';

/** How many histories lead from `s` in `h` to an end and are not in `other` from `o` (o null: none are). */
function countOnly(h: Histories, s: number, other: Histories, o: number | null, memo: Map<string, number>): number {
  const key = `${s} ${o}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const st = h.states[s];
  let n = st.final && (o === null || !other.states[o].final) ? 1 : 0;
  for (const [symbol, next] of st.next) n += countOnly(h, next, other, o === null ? null : (other.states[o].next.get(symbol) ?? null), memo);
  memo.set(key, n);
  return n;
}

/** Histories in `base` only and in `other` only, and how many `base` has (floats: exact up to 2^53). */
export function historyDifferences(base: Histories, other: Histories): { lost: number; extra: number; of: number } {
  return {
    lost: countOnly(base, base.root, other, other.root, new Map()),
    extra: countOnly(other, other.root, base, base.root, new Map()),
    of: countOnly(base, base.root, base, null, new Map()),
  };
}
