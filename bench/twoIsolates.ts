// What two isolates of one process cost on this machine, with no split protocol at all: the same
// one-thread explore (maxStates each) made twice, either one after the other on the main thread
// (`seq`) or at once, one on the main thread and one on a worker thread loading its code bundled as
// explore --workers' threads do (`par`). Each thread first makes a warm-up explore of a tenth of
// the states, before the clock, so that neither mode times a thread's start or its code warming up;
// with `cold`, none does, and `par` also times the worker thread's start, as explore --workers pays it.
// Prints wall and process CPU (every thread, the collector's helpers too). What `par` costs more
// than `seq` is what two isolates sharing the cores cost before any message is sent: the floor
// under explore --workers 2's overhead (two processes at once: run bench/exploreSplit.ts ... 1 twice).
//   node --import tsx bench/twoIsolates.ts <seq|par> <scenario> <preset> <maxStates> [cold]
import { Worker } from 'node:worker_threads';
import { explore } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';
import { bundledModule } from '../sim/parallel/threadBundle';
import type { TwoIsolatesData } from './twoIsolatesServe';

const threadMain = new URL('../sim/parallel/threadMain.mjs', import.meta.url);

async function main(): Promise<void> {
  const [mode, name, preset, maxArg] = process.argv.slice(2);
  if ((mode !== 'seq' && mode !== 'par') || !name || !preset) throw new Error('usage: twoIsolates <seq|par> <scenario> <preset> <maxStates>');
  const maxStates = Number(maxArg ?? 200_000);
  const cold = process.argv[6] === 'cold';
  const data: TwoIsolatesData = { scenario: name, preset, maxStates, warmStates: cold ? 0 : Math.ceil(maxStates / 10) };
  const one = (states: number) => explore(getScenario(name), { preset, maxStates: states }).runs;
  if (!cold) one(data.warmStates);
  let thread: Worker | null = null;
  if (mode === 'par') {
    const module = bundledModule(new URL('./twoIsolatesServe.ts', import.meta.url));
    if (!module) throw new Error('twoIsolates: the worker thread\'s bundle could not be built');
    thread = new Worker(threadMain, { workerData: { module: module.href, plain: true, serve: 'serveExplore', data } });
    if (!cold) await new Promise((resolve) => thread!.once('message', resolve));
  }
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  if (cold && thread) await new Promise((resolve) => thread!.once('message', resolve));
  const theirs = thread && new Promise<{ runs: number }>((resolve) => thread!.once('message', resolve));
  thread?.postMessage('go');
  let runs = one(maxStates);
  runs += theirs ? (await theirs).runs : one(maxStates);
  const c = process.cpuUsage(c0);
  await thread?.terminate();
  process.stdout.write(`${mode}${cold ? ' cold' : ''} ${name} ${preset} 2 x ${maxStates}: ${runs} runs, wall ${Date.now() - t0} ms, CPU ${Math.round((c.user + c.system) / 1000)} ms\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
