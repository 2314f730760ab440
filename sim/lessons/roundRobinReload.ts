// FACTS.md section 6 in the course: two Django processes behind a strict round-robin proxy, each
// with its own LocMem. Every request of a page load (the page, its script files, the feed) takes
// the next process, so which one answers a reload's feed depends on how many requests went before
// it. Read from the two-worker-reload runs: the route of every request, and whether the deleted
// item is shown after the F5's feed and after the next reload's (the settle's); lesson 7 asks it.
import { checkScenario, DEFAULT_CHECK_RUNS } from '../check/checkScenario';
import { getScenario } from '../scenarios/index';
import type { Trace, TraceEvent } from '../trace';
import { workersWords } from './deployment';
import { nominalRun } from './nominalRun';
import { reloadMs } from './reloadTime';
import { causedBy, deletedItem, excerptLines, firstEvent } from './traceQueries';
import type { Question } from './types';

export const SCENARIO = 'two-worker-reload';

export interface FeedFate {
  /** The feed's place among every request the proxy routed (1-based). */
  n: number;
  worker: number;
  shown: boolean;
}

export interface RoundRobinRun {
  trace: Trace;
  /** Every request the proxy routed, in order. */
  requests: TraceEvent[];
  deleteWorker: number;
  /** Script files the first page load requested. */
  scripts: number;
  afterF5: FeedFate;
  afterNextReload: FeedFate;
}

/** The feed of the first fetch after event `seq`, and whether the render it brings shows the deleted item. */
function feedAfter(t: Trace, requests: TraceEvent[], seq: number): FeedFate {
  const fetch = firstEvent(t, (e) => e.type === 'calendar.fetch', seq);
  const req = firstEvent(t, (e) => e.type === 'http.request' && e.payload.kind === 'feed' && causedBy(t, e, fetch.seq), fetch.seq);
  const render = firstEvent(t, (e) => e.type === 'calendar.render' && !e.payload.transient && causedBy(t, e, fetch.seq), req.seq);
  return { n: requests.indexOf(req) + 1, worker: req.payload.worker as number, shown: (render.payload.items as string[]).includes(deletedItem(t)) };
}

const memo = new Map<string, RoundRobinRun>();
/** two-worker-reload's nominal run under a preset, read as above. Memoized. */
export function roundRobinRun(preset: string, overrides: readonly string[] = []): RoundRobinRun {
  const key = [preset, ...overrides].join(' ');
  if (!memo.has(key)) {
    const t = nominalRun(SCENARIO, preset, overrides);
    const requests = t.events.filter((e) => e.type === 'http.request');
    const firstFeed = requests.findIndex((e) => e.payload.kind === 'feed');
    memo.set(key, {
      trace: t,
      requests,
      deleteWorker: firstEvent(t, (e) => e.type === 'http.request' && e.payload.method === 'DELETE').payload.worker as number,
      scripts: requests.slice(0, firstFeed).filter((e) => e.payload.kind === 'script').length,
      afterF5: feedAfter(t, requests, firstEvent(t, (e) => e.type === 'user.reload').seq),
      afterNextReload: feedAfter(t, requests, firstEvent(t, (e) => e.type === 'sim.settle').seq),
    });
  }
  return memo.get(key)!;
}

// Lesson 7's question: the answer, the request numbers and the exit codes come from the runs.
const RR_STATIC = ['deploy.staticFiles=elsewhere'];
const RR_FATES = ['Gone after both reloads', 'Back after both reloads', 'Gone after the F5, back after the next reload', 'Back after the F5, gone after the next reload'];
const rrFate = (r: RoundRobinRun) => (r.afterF5.shown ? (r.afterNextReload.shown ? 1 : 3) : r.afterNextReload.shown ? 2 : 0);
const rrExits = new Map<string, 0 | 1>();
/** The exit code of `check two-worker-reload --config <preset>` with check's defaults (seed 1). Memoized. */
function rrCheckExit(preset: string): 0 | 1 {
  if (!rrExits.has(preset)) rrExits.set(preset, checkScenario(getScenario(SCENARIO), { preset, runs: DEFAULT_CHECK_RUNS, seed: 1 }).counterexample ? 1 : 0);
  return rrExits.get(preset)!;
}
/** "worker 2" when both reloads' feeds reach one worker, else "workers 2 and 1". */
const workersOf = (r: RoundRobinRun) => (r.afterF5.worker === r.afterNextReload.worker ? `worker ${r.afterF5.worker}` : `workers ${r.afterF5.worker} and ${r.afterNextReload.worker}`);
function rrFeed(r: RoundRobinRun, f: FeedFate, which: string): string {
  return `${which} was request ${f.n} and reached worker ${f.worker}, ${f.worker === r.deleteWorker ? 'the one that ran the delete' : 'whose LocMem never saw the bump'}: ${f.shown ? 'shown' : 'gone'}`;
}

/** Two reloads on two workers: which one answers each feed, and is the deleted item shown after it? */
export const roundRobinQuestion: Question = {
  id: 'round-robin-reload',
  checkpoint: (t) => t.events.length - 1,
  get prompt() {
    const r = roundRobinRun('seed-fix');
    return (
      `Now ${workersWords(SCENARIO, 'seed-fix', [], 'sharing')}, behind a strict round-robin proxy (scenario ${SCENARIO}): every request takes the next worker, and a page load sends the page, ` +
      `its ${r.scripts} script files, then the feed. The requests before the F5 are below; the delete bumped the version on worker ${r.deleteWorker} only. ` +
      `A presses F5 at ${reloadMs(SCENARIO, 'seed-fix')} ms and, once all is quiet, reloads again. Is "Site visit" shown after each reload?`
    );
  },
  choices: RR_FATES,
  about: { scenarios: [SCENARIO], preset: 'seed-fix', overrides: [] },
  answer: () => rrFate(roundRobinRun('seed-fix')),
  excerpt: () => {
    const r = roundRobinRun('seed-fix');
    const f5 = firstEvent(r.trace, (e) => e.type === 'user.reload');
    return excerptLines(r.trace, r.requests.filter((e) => e.seq < f5.seq));
  },
  reveal: () => {
    const r = roundRobinRun('seed-fix');
    const x = roundRobinRun('seed-fix', RR_STATIC);
    return (
      `${rrFeed(r, r.afterF5, "The F5's feed")}; ${rrFeed(r, r.afterNextReload, "the next reload's")}. ` +
      'Which worker answers a feed depends on every request before it, the page and its script files included: with the script files served elsewhere ' +
      `(\`--set ${RR_STATIC[0]}\`), the delete reaches worker ${x.deleteWorker} and the reloads' feeds ${workersOf(x)}: ${RR_FATES[rrFate(x)].toLowerCase()}. ` +
      `\`npx cachelab check ${SCENARIO} --config seed-fix\` (exit ${rrCheckExit('seed-fix')}); under robust, whose counter is a database row, \`npx cachelab check ${SCENARIO} --config robust\` (exit ${rrCheckExit('robust')}).`
    );
  },
};
