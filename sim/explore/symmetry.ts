// Worker symmetry: with one cache shared by every worker (Redis) and gunicorn alone handing each
// connection to an idle worker (deploy.routing=accept), the workers are interchangeable up to
// their numbering. Nothing a worker does depends on its number but two things: which cache it
// talks to (the same one for all under Redis) and gunicorn's nominal pick, the next idle worker
// after the last one that took a feed or a write (sim/world/server.ts pickWorker). So renumbering
// the workers by a ROTATION (w -> w + k mod n) maps a state to one whose futures are the same
// runs with the workers renumbered: the rotation keeps the cyclic order, so the idle workers,
// listed from the one after the last, come in the same order, and every choice (route index,
// latency, tie) has the same options with the same nominal one. The same choices give the same
// requests, caches, database, pages, commits and acknowledgements, and the checkers never read a
// worker's number (they judge when a worker began a request, not which one did). So the two states
// have the same violations with the same deviations below them, and the explorer may keep one.
//
// The canonical member of a state's class is the rotation that makes the last worker number n
// (worker n+1 mod n, the next nominal pick, becomes 1); lastWorker 0 (none yet) behaves as n.
// Rotations only, not every permutation: another permutation breaks the cyclic order, so the
// nominal pick, and with it the deviation count of a witness, would change.
//
// Not applied with per-process caches (LocMem: cache:1, cache:2 ... hold different entries) nor
// with the round-robin proxy (which sends request k to worker k mod n whatever is idle).
import type { Config } from '../../src/config';
import type { RequestState, SimState } from '../world/state';

/** A state's representative for the visited set (the state itself when no symmetry applies). */
export type Canonicalize = (state: SimState) => SimState;

/** Whether the workers are interchangeable under this configuration. */
export function workersSymmetric(config: Config): boolean {
  return config['deploy.cacheBackend'] === 'redis' && config['deploy.routing'] === 'accept' && config['deploy.workers'] > 1;
}

/**
 * The last renumbered copy of each request record, by the seq of its http.send (as the
 * fingerprint keeps request hashes: sim/fingerprint.ts requestKeys), so that consecutive states
 * sharing a record hand the fingerprint the same copy and it keeps that copy's hash. Direct-mapped,
 * in three arrays of fixed size: a BoundedCache of 16,384 records (a Map entry and an array of
 * shifts per record) kept the records of states long passed, and their copies, alive through the
 * collector's young generation, for few hits: on commit-race seed-fix's search to its first
 * witness it renumbered 15,824 of the 32,338 records asked, this 18,126, and the collector
 * promotes about 4 MB (8%) less. A record that lost its slot is only renumbered again.
 */
const SHIFT_SLOTS = 4096;
const shiftedFrom: Array<RequestState | undefined> = new Array(SHIFT_SLOTS).fill(undefined);
const shiftedBy: number[] = new Array(SHIFT_SLOTS).fill(0);
const shiftedTo: Array<RequestState | undefined> = new Array(SHIFT_SLOTS).fill(undefined);

function shiftRequest(r: RequestState, n: number, last: number, k: number): RequestState {
  if (r.worker === null) return r;
  const slot = r.sentSeq & (SHIFT_SLOTS - 1);
  if (shiftedFrom[slot] === r && shiftedBy[slot] === k) return shiftedTo[slot]!;
  const out = { ...r, worker: rotated(r.worker, n, last) };
  shiftedFrom[slot] = r;
  shiftedBy[slot] = k;
  shiftedTo[slot] = out;
  return out;
}

/** The rotation of `n` workers that makes `last` worker n (0: no worker yet, the same as n). */
export function workerRotation(n: number, last: number): (w: number) => number {
  return (w) => rotated(w, n, last);
}

/** Worker `w` under workerRotation(n, last), without a closure (rotateWorkers runs at every state). */
function rotated(w: number, n: number, last: number): number {
  const l = last === 0 ? n : last;
  return ((((w - l - 1) % n) + n) % n) + 1;
}

/**
 * The last renumbered requests map and idle list, by what they were made from: consecutive states
 * often share them, and handing back the same objects lets the fingerprint keep their hashes
 * (sim/fingerprint.ts hashes these fields once per object).
 */
let lastRequests: { from: SimState['requests']; n: number; last: number; out: SimState['requests'] } | null = null;
let lastIdle: { from: SimState['idleWorkers']; n: number; last: number; out: SimState['idleWorkers'] } | null = null;

/**
 * Renumbers the workers of a state so that its last worker is n (see the header). A renumbered
 * state is a new object (withWorkers).
 */
export function rotateWorkers(state: SimState, n: number): SimState {
  const last = state.lastWorker === 0 ? n : state.lastWorker;
  // Already canonical, or no worker yet (which picks as worker n last did): no renumbering.
  if (last === n) return state.lastWorker === n ? state : withWorkers(state, n, state.idleWorkers, state.requests);
  const k = n - last;
  if (lastRequests === null || lastRequests.from !== state.requests || lastRequests.n !== n || lastRequests.last !== last) {
    const requests: Record<string, RequestState> = {};
    for (const id in state.requests) requests[id] = shiftRequest(state.requests[id], n, state.lastWorker, k);
    lastRequests = { from: state.requests, n, last, out: requests };
  }
  if (lastIdle === null || lastIdle.from !== state.idleWorkers || lastIdle.n !== n || lastIdle.last !== last) {
    const idle = state.idleWorkers;
    // A copy renumbered in place: the same kind of array as a map's (no holes), without its closure.
    const out = idle.slice();
    for (let i = 0; i < out.length; i++) out[i] = rotated(out[i], n, state.lastWorker);
    lastIdle = { from: idle, n, last, out };
  }
  return withWorkers(state, n, lastIdle.out, lastRequests.out);
}

/**
 * `state` with these worker fields, as a new object written out field by field in the order of
 * the run's own states (copyState in sim/simulation.ts), so that the fingerprint meets one shape
 * (hidden class) of state. Written over a scratch object by Object.assign, a renumbered state had
 * a shape of its own, and Object.assign copied its fields one generic store at a time.
 */
function withWorkers(state: SimState, lastWorker: number, idleWorkers: SimState['idleWorkers'], requests: SimState['requests']): SimState {
  return {
    sched: state.sched,
    layers: state.layers,
    idleWorkers,
    waiting: state.waiting,
    lastWorker,
    nextRequest: state.nextRequest,
    requests,
    shownMonth: state.shownMonth,
    filters: state.filters,
    committedItems: state.committedItems,
    acks: state.acks,
    pageBusy: state.pageBusy,
    lockWaiters: state.lockWaiters,
    proxied: state.proxied,
    workerQueues: state.workerQueues,
    phase: state.phase,
    settleUsers: state.settleUsers,
    settleSeq: state.settleSeq,
    eventCount: state.eventCount,
  };
}

/** The canonicalisation the explorer uses for `config` with --symmetry on (null: none applies). */
export function workerSymmetry(config: Config): Canonicalize | null {
  if (!workersSymmetric(config)) return null;
  const n = config['deploy.workers'];
  return (state) => rotateWorkers(state, n);
}
