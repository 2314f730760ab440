// The worker thread's side of bench/twoIsolates.ts: one whole one-thread explore, then "done".
import type { MessagePort } from 'node:worker_threads';
import { explore } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';

export function serveExplore(data: { scenario: string; preset: string; maxStates: number }, port: MessagePort): void {
  const r = explore(getScenario(data.scenario), { preset: data.preset, maxStates: data.maxStates });
  port.postMessage({ runs: r.runs });
}
