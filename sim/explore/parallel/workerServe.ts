// The worker side of `explore --workers N`: takes chunks of the current level's schedules, runs
// each against what it knows of the visited set (every fingerprint the main thread had merged
// when it sent the chunk, plus the states this chunk's earlier runs reached), and sends back one
// record per schedule, in order. It judges nothing final: the main thread checks each record
// against the whole visited set before it counts (checkRecord.ts).
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { loadUserApp } from '../../app/loadUserApp';
import { VisitedSet } from '../visitedSet';
import { errorReply, serveThread, type ThreadReply } from '../../parallel/threadServe';
import { ScheduleRunner, type RunnerSetup, type RunRecord, type ScheduleRef, type VisitedView } from './scheduleRunner';

export interface WorkerSetup extends RunnerSetup {
  /** --app F: the user's views are loaded here (functions cannot cross to a thread). */
  appFile: string | null;
  id: number;
  /** Where the main thread asks for a schedule to be run again exactly; polled between runs, so it is served at once. */
  urgent: MessagePort;
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

export type WorkerReply = { type: 'records'; chunk: number; records: RunRecord[] } | ThreadReply;

export function serveSchedules(setup: WorkerSetup, port: MessagePort | null): Promise<void> {
  return serveThread<ChunkMessage>(port, async () => {
    const scenario = setup.appFile === null ? setup.scenario : { ...setup.scenario, app: (await loadUserApp(setup.appFile)).app };
    const runner = new ScheduleRunner({ ...setup, scenario }, setup.id);
    const known = new VisitedSet();
    let level = -1;
    let mine = new VisitedSet(1 << 8);
    const view: VisitedView = {
      has: (a, b) => known.has(a, b) || mine.has(a, b),
      add: (a, b) => void mine.add(a, b),
      size: 0,
    };
    const learn = (words: Uint32Array): void => {
      for (let k = 0; k < words.length; k += 2) known.add(words[k], words[k + 1]);
    };
    const rerun = (m: RerunMessage): void => {
      try {
        learn(m.visited);
        let added = 0;
        const exact: VisitedView = {
          has: (a, b) => known.has(a, b),
          add: (a, b) => void (known.add(a, b) && added++),
          get size() {
            return m.size + added;
          },
        };
        setup.urgent.postMessage({ type: 'record', record: runner.run(m.schedule, m.level, exact, m.maxStates) });
      } catch (e) {
        setup.urgent.postMessage(errorReply(e));
      }
    };
    const serveUrgent = (): void => {
      for (let r = receiveMessageOnPort(setup.urgent); r; r = receiveMessageOnPort(setup.urgent)) rerun(r.message as RerunMessage);
    };
    setup.urgent.on('message', (m: RerunMessage) => rerun(m));
    return (m) => {
      learn(m.visited);
      // What this worker's own runs of the level reached, merged or not yet: a later run that
      // reaches one stops there, as it would after them in the one-thread order.
      if (m.level !== level) {
        level = m.level;
        mine = new VisitedSet(1 << 8);
      }
      const records = m.schedules.map((p) => {
        serveUrgent();
        return runner.run(p, m.level, view, Infinity);
      });
      port!.postMessage({ type: 'records', chunk: m.chunk, records } satisfies WorkerReply);
    };
  });
}
