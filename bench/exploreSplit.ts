// Where the runs of `explore --workers N` are made (RunSplit: by the main thread, taken from a
// worker as it made them, made again), with the wall and CPU time of the whole process (every
// thread, the collector's helpers too; with --processes, the worker processes' added after they
// exit), and a digest of the whole report (the same for every N and kind), for one search here:
//   node --import tsx bench/exploreSplit.ts commit-race robust 2 [maxStates] [soloRuns] [--processes] [--stop-at-first]
// With N = 1 it runs the one-thread explorer (explore.ts), for comparison; --processes puts the
// N - 1 workers in processes of their own (sim/parallel/processPool.ts) rather than threads.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getScenario } from '../sim/scenarios/index';
import { explore } from '../sim/explore/explore';
import { exploreParallel, type RunSplit } from '../sim/explore/parallel/parallelExplore';
import type { WorkerKind } from '../sim/explore/parallel/workerPool';

async function main(): Promise<void> {
  const [name, preset, workersArg, maxArg, soloArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const kind: WorkerKind = process.argv.includes('--processes') ? 'processes' : 'threads';
  const stopAtFirst = process.argv.includes('--stop-at-first');
  const workers = Number(workersArg ?? 2);
  if (!name || !preset || !(workers >= 1)) throw new Error('usage: exploreSplit <scenario> <preset> <workers> [maxStates] [soloRuns]');
  const maxStates = maxArg ? Number(maxArg) : 2_000_000;
  const scenario = getScenario(name);
  const split: RunSplit = { solo: 0, fromThreads: 0, rerun: 0, byThread: [] };
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  const par = { workers, kind, plainScenario: scenario, appFile: null, split, ...(soloArg ? { soloRuns: Number(soloArg) } : {}) };
  let witnessMs: number | null = null;
  const hooks = { shouldStop: () => stopAtFirst && witnessMs !== null, onWitness: () => void (witnessMs ??= Date.now() - t0) };
  const r = workers > 1 ? await exploreParallel(scenario, { preset, maxStates, hooks }, par) : explore(scenario, { preset, maxStates, hooks });
  const c = process.cpuUsage(c0);
  const childrenMs = childrenCpuMs();
  // The whole report's digest: equal digests for 1 and N workers (threads or processes) mean byte-identical reports.
  const digest = createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);
  const runs = workers > 1 ? ` split ${JSON.stringify(split)}` : '';
  process.stdout.write(`${name} ${preset} --workers ${workers}${workers > 1 ? ` (${kind})` : ''}: ${r.distinctStates} distinct, ${r.runs} runs, first witness ${witnessMs} ms, wall ${Date.now() - t0} ms, CPU user ${Math.round(c.user / 1000)} + sys ${Math.round(c.system / 1000)} ms${childrenMs ? ` + worker processes ${childrenMs} ms` : ''}, report ${digest}${runs}\n`);
}

/** CPU (user + system, ms) of this process's children that have exited (Linux: /proc/self/stat's cutime and cstime), or 0. */
function childrenCpuMs(): number {
  try {
    // Fields after the command name's closing parenthesis, from the state (0): cutime is 13, cstime 14, in clock ticks (100 a second).
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return 0;
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
