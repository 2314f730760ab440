// Where the runs of `explore --workers N` are made (RunSplit: by the main thread, taken from a
// worker as it made them, made again), with the wall and CPU time of the whole process (every
// thread, the collector's helpers too), for one search in this process:
//   node --import tsx bench/exploreSplit.ts commit-race robust 2 [maxStates] [soloRuns]
// With N = 1 it runs the one-thread explorer (explore.ts), for comparison.
import { getScenario } from '../sim/scenarios/index';
import { explore } from '../sim/explore/explore';
import { exploreParallel, type RunSplit } from '../sim/explore/parallel/parallelExplore';

async function main(): Promise<void> {
  const [name, preset, workersArg, maxArg, soloArg] = process.argv.slice(2);
  const workers = Number(workersArg ?? 2);
  if (!name || !preset || !(workers >= 1)) throw new Error('usage: exploreSplit <scenario> <preset> <workers> [maxStates] [soloRuns]');
  const maxStates = maxArg ? Number(maxArg) : 2_000_000;
  const scenario = getScenario(name);
  const split: RunSplit = { solo: 0, fromThreads: 0, rerun: 0, byThread: [] };
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  const par = { workers, plainScenario: scenario, appFile: null, split, ...(soloArg ? { soloRuns: Number(soloArg) } : {}) };
  const r = workers > 1 ? await exploreParallel(scenario, { preset, maxStates }, par) : explore(scenario, { preset, maxStates });
  const c = process.cpuUsage(c0);
  const runs = workers > 1 ? ` split ${JSON.stringify(split)}` : '';
  process.stdout.write(`${name} ${preset} --workers ${workers}: ${r.distinctStates} distinct, ${r.runs} runs, wall ${Date.now() - t0} ms, CPU user ${Math.round(c.user / 1000)} + sys ${Math.round(c.system / 1000)} ms${runs}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
