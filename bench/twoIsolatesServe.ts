// The worker thread's side of bench/twoIsolates.ts: a warm-up explore, "ready", then on "go" one
// whole one-thread explore, and its runs.
import type { MessagePort } from 'node:worker_threads';
import { explore } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';

export interface TwoIsolatesData {
  scenario: string;
  preset: string;
  maxStates: number;
  warmStates: number;
}

export function serveExplore(data: TwoIsolatesData, port: MessagePort): void {
  const one = (maxStates: number) => explore(getScenario(data.scenario), { preset: data.preset, maxStates }).runs;
  if (data.warmStates > 0) one(data.warmStates);
  port.once('message', () => port.postMessage({ runs: one(data.maxStates) }));
  port.postMessage({ ready: true });
}
