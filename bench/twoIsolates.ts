// What two isolates of one process cost on this machine, with no split protocol at all: the same
// one-thread explore (maxStates each) made twice, either one after the other on the main thread
// (`seq`) or at once, one on the main thread and one on a worker thread loading its code bundled as
// explore --workers' threads do (`par`). Prints wall and process CPU (every thread, the collector's
// helpers too). If `par` costs much more CPU than `seq`, two isolates sharing the cores cost that
// much before any message is sent: the floor under explore --workers 2's overhead.
//   node --import tsx bench/twoIsolates.ts <seq|par> <scenario> <preset> <maxStates>
import { Worker } from 'node:worker_threads';
import { explore } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';
import { bundledModule } from '../sim/parallel/threadBundle';

const threadMain = new URL('../sim/parallel/threadMain.mjs', import.meta.url);

async function main(): Promise<void> {
  const [mode, name, preset, maxArg] = process.argv.slice(2);
  if ((mode !== 'seq' && mode !== 'par') || !name || !preset) throw new Error('usage: twoIsolates <seq|par> <scenario> <preset> <maxStates>');
  const maxStates = Number(maxArg ?? 200_000);
  const data = { scenario: name, preset, maxStates };
  const one = () => explore(getScenario(name), { preset, maxStates }).runs;
  let thread: Worker | null = null;
  let ready: Promise<unknown> = Promise.resolve();
  if (mode === 'par') {
    const module = bundledModule(new URL('./twoIsolatesServe.ts', import.meta.url));
    if (!module) throw new Error('no bundle');
    // Started before the clock: both modes time the explores, not a thread's start.
    thread = new Worker(threadMain, { workerData: { module: module.href, plain: true, serve: 'serveExplore', data } });
    ready = new Promise((resolve) => thread!.once('message', resolve));
  }
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  let runs = one();
  if (thread) runs += ((await ready) as { runs: number }).runs;
  else runs += one();
  const c = process.cpuUsage(c0);
  await thread?.terminate();
  process.stdout.write(`${mode} ${name} ${preset} 2 x ${maxStates}: ${runs} runs, wall ${Date.now() - t0} ms, CPU ${Math.round((c.user + c.system) / 1000)} ms\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
