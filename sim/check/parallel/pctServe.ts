// The worker side of `check --workers N`: takes a scenario to search (once per scenario), then
// blocks of PCT run indices, and answers for each block how far it got and its first violating
// run, if any (later runs of the block cannot matter: the lowest violating index wins). It keeps
// nothing of the runs: the main thread makes the chosen one again to shrink it.
import type { MessagePort } from 'node:worker_threads';
import { loadUserApp } from '../../app/loadUserApp';
import type { Scenario } from '../../scenarios/types';
import { pctRun } from '../checkScenario';
import type { RunConfig } from '../scriptedRun';
import { serveThread, type ThreadReply } from '../../parallel/threadServe';

export interface PctWorkerData {
  /** --app F: the user's views are loaded here (functions cannot cross to a thread). */
  appFile: string | null;
}

/** One search: `gen` tags its blocks, so that answers for an earlier search are told apart. */
export interface PctSearchMessage {
  type: 'search';
  gen: number;
  scenario: Scenario;
  config: RunConfig;
  seed: number;
  depth: number;
  steps: number;
  /**
   * One word per block of `block` runs, shared with the main thread: whoever sets it from 0 to 1
   * makes the block, so a block the main thread took over is not made twice.
   */
  claims: Int32Array;
  block: number;
}

export interface PctBlockMessage {
  type: 'block';
  gen: number;
  from: number;
  to: number;
}

/** Runs from..end-1 were made (none: the main thread claimed the block first); `bad` is end-1 when the last of them violated an invariant, else -1. */
export type PctReply = { type: 'block'; gen: number; from: number; end: number; bad: number } | ThreadReply;

export function servePct(data: PctWorkerData, port: MessagePort | null): Promise<void> {
  return serveThread<PctSearchMessage | PctBlockMessage>(port, async () => {
    const app = data.appFile === null ? null : (await loadUserApp(data.appFile)).app;
    let search: PctSearchMessage | null = null;
    return (m) => {
      if (m.type === 'search') {
        search = app ? { ...m, scenario: { ...m.scenario, app } } : m;
        return;
      }
      const s = search;
      if (!s || s.gen !== m.gen) return;
      // Taken over by the main thread: say so with no runs made.
      if (Atomics.compareExchange(s.claims, m.from / s.block, 0, 1) !== 0) {
        port!.postMessage({ type: 'block', gen: m.gen, from: m.from, end: m.from, bad: -1 } satisfies PctReply);
        return;
      }
      let i = m.from;
      let bad = -1;
      while (i < m.to && bad < 0) {
        if (pctRun(s.scenario, s.config, s.seed, s.depth, s.steps, i).violations.length) bad = i;
        i++;
      }
      port!.postMessage({ type: 'block', gen: m.gen, from: m.from, end: i, bad } satisfies PctReply);
    };
  });
}
