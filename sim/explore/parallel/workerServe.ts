// The worker side of `explore --workers N`: takes chunks of the current level's schedules, runs
// each against what it knows of the visited set (every fingerprint the main thread had merged
// when it sent the chunk, plus the states this chunk's earlier runs reached), and sends back one
// record per schedule, in order. It judges nothing final: the main thread checks each record
// against the whole visited set before it counts (checkRecord.ts).
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { loadUserApp } from '../../app/loadUserApp';
import { VisitedSet } from '../visitedSet';
import { errorReply, serveThread, type ThreadReply } from '../../parallel/threadServe';
import { postHeap } from '../../parallel/threadHeap';
import type { Pending } from '../expand';
import { ScheduleRunner, type RunnerSetup, type RunRecord, type ScheduleRef, type VisitedView } from './scheduleRunner';

export interface WorkerSetup extends RunnerSetup {
  /** --app F: the user's views are loaded here (functions cannot cross to a thread). */
  appFile: string | null;
  id: number;
  /**
   * A thread's: where the main thread asks for a schedule to be run again exactly; polled between
   * runs, so it is served at once. A process has none (nothing receives synchronously between
   * processes): reruns come on its one channel, and it turns to the event loop between runs.
   */
  urgent: MessagePort | null;
  /** Where this thread posts how full its heap is after each chunk and rerun (threadHeap.ts), as thread id - 1; null: nowhere. */
  heapBoard: Int32Array | null;
}

/**
 * Run a schedule again against the whole visited set: `visited` brings this worker's copy up to
 * date and `size` is its size, so the run is the one-thread run itself (it resumes from a boundary
 * stored here, where the main thread would have to replay it from the start).
 */
export interface RerunMessage {
  type: 'rerun';
  level: number;
  visited: Uint32Array;
  size: number;
  maxStates: number;
  schedule: ScheduleRef;
}

export interface ChunkMessage {
  type: 'chunk';
  chunk: number;
  level: number;
  /** Fingerprints (a, b pairs) merged since the last chunk sent to this worker. */
  visited: Uint32Array;
  schedules: ScheduleRef[];
}

/** Schedules of `level` the main thread stores and hands to this worker to run: sent once, before the chunks that name them. */
export interface AdoptMessage {
  type: 'adopt';
  level: number;
  keys: number[];
  schedules: Pending[];
}

export type WorkerReply = { type: 'records'; chunk: number; records: RunRecord[] } | { type: 'record'; record: RunRecord } | ThreadReply;

export function serveSchedules(setup: WorkerSetup, port: MessagePort | null): Promise<void> {
  return serveThread<ChunkMessage | RerunMessage | AdoptMessage>(port, async () => {
    const scenario = setup.appFile === null ? setup.scenario : { ...setup.scenario, app: (await loadUserApp(setup.appFile)).app };
    const runner = new ScheduleRunner({ ...setup, scenario }, setup.id);
    const known = new VisitedSet();
    let level = -1;
    let mine = new VisitedSet(1 << 8);
    // A guess has no bound on states: the main thread judges --max-states when it checks the run.
    const view: VisitedView = {
      visit: (a, b) => (known.has(a, b) || !mine.add(a, b) ? 'seen' : 'new'),
    };
    const learn = (words: Uint32Array): void => {
      for (let k = 0; k < words.length; k += 2) known.add(words[k], words[k + 1]);
    };
    const rerun = (m: RerunMessage): RunRecord => {
      learn(m.visited);
      // The main thread's size, and the states this run added: --max-states is judged exactly.
      let size = m.size;
      const exact: VisitedView = {
        visit: (a, b, maxStates) => {
          if (known.has(a, b)) return 'seen';
          if (size >= maxStates) return 'full';
          known.add(a, b);
          size++;
          return 'new';
        },
      };
      return runner.run(m.schedule, m.level, exact, m.maxStates);
    };
    // What this worker's own runs of the level reached, merged or not yet: a later run that
    // reaches one stops there, as it would after them in the one-thread order.
    const enterLevel = (l: number): void => {
      if (l === level) return;
      level = l;
      mine = new VisitedSet(1 << 8);
    };
    const urgent = setup.urgent;
    const adopt = (m: AdoptMessage): void => runner.adopt(m.level, m.keys, m.schedules);
    if (urgent === null) return servedBetweenTurns(port!, { learn, enterLevel, rerun, adopt, run: (p, l) => runner.run(p, l, view, Infinity) });
    const serveUrgent = (): void => {
      for (let r = receiveMessageOnPort(urgent); r; r = receiveMessageOnPort(urgent)) answerRerun(r.message as RerunMessage);
    };
    // The schedules this thread stores are its share of the search's memory: say how full its heap is.
    const board = setup.heapBoard;
    const postMine = (): void => void (board && postHeap(board, setup.id - 1));
    const answerRerun = (m: RerunMessage): void => {
      try {
        urgent.postMessage({ type: 'record', record: rerun(m) } satisfies WorkerReply);
        postMine();
      } catch (e) {
        urgent.postMessage(errorReply(e));
      }
    };
    urgent.on('message', (m: RerunMessage) => answerRerun(m));
    return (m) => {
      if (m.type === 'adopt') adopt(m);
      if (m.type !== 'chunk') return;
      learn(m.visited);
      enterLevel(m.level);
      const records = m.schedules.map((p) => {
        serveUrgent();
        return runner.run(p, m.level, view, Infinity);
      });
      port!.postMessage({ type: 'records', chunk: m.chunk, records } satisfies WorkerReply);
      postMine();
    };
  });
}

interface Serving {
  learn(words: Uint32Array): void;
  enterLevel(level: number): void;
  rerun(m: RerunMessage): RunRecord;
  adopt(m: AdoptMessage): void;
  run(p: ScheduleRef, level: number): RunRecord;
}

/**
 * A process's side (processPool.ts): chunks queue up and are run one schedule at a time, with a
 * turn of the event loop after each, in which a rerun that has come in is run and answered at
 * once, as a thread's urgent port is between runs. Fingerprints are learnt as their chunk comes
 * in: the sooner a guess knows them, the fewer runs the main thread must have made again.
 */
function servedBetweenTurns(port: MessagePort, s: Serving): (m: ChunkMessage | RerunMessage | AdoptMessage) => void {
  const queue: ChunkMessage[] = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    draining = true;
    try {
      for (let m = queue.shift(); m; m = queue.shift()) {
        s.enterLevel(m.level);
        const records: RunRecord[] = [];
        for (const p of m.schedules) {
          records.push(s.run(p, m.level));
          await turn();
        }
        port.postMessage({ type: 'records', chunk: m.chunk, records } satisfies WorkerReply);
      }
    } catch (e) {
      port.postMessage(errorReply(e));
    }
    draining = false;
  };
  return (m) => {
    if (m.type === 'rerun') {
      port.postMessage({ type: 'record', record: s.rerun(m) } satisfies WorkerReply);
      return;
    }
    // Stored by level: taken at once, whatever chunks of the level before are still queued.
    if (m.type === 'adopt') {
      s.adopt(m);
      return;
    }
    s.learn(m.visited);
    queue.push(m);
    if (!draining) void drain();
  };
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
