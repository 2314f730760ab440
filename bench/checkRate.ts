// Complete random schedules per second on seed-fixed for one tree, in a process of its own: the
// bench's own measurement (bench/check.ts: PCT on one thread, then on `workers` threads), so two
// trees are compared by running this alternately for each:
//   for i in 1 2 3; do for t in /tmp/base "$PWD"; do node --import tsx bench/checkRate.ts $t 4000 2; done; done
export {};
async function main(): Promise<void> {
  const [root, budgetArg, workersArg] = process.argv.slice(2);
  if (!root) throw new Error('usage: checkRate <tree> [budgetMs] [workers]');
  const budgetMs = Number(budgetArg ?? 4000);
  const workers = Number(workersArg ?? 2);
  const { measureCheckRate, measureCheckRateOnCores } = await import(`${root}/bench/check.ts`);
  const { getScenario } = await import(`${root}/sim/scenarios/index.ts`);
  const seedFixed = getScenario('seed-fixed');
  const c0 = process.cpuUsage();
  const one = measureCheckRate(seedFixed, budgetMs, 'pct');
  const c = process.cpuUsage(c0);
  const cores = await measureCheckRateOnCores(seedFixed, budgetMs, workers);
  const cpu = Math.round((c.user + c.system) / 1000);
  process.stdout.write(`${root}: one thread ${one.schedulesPerS}/s (${one.runs} runs, ${one.ms} ms; process CPU incl. warm-up ${cpu} ms); ${workers} threads ${cores.schedulesPerS}/s (${cores.runs} runs, ${cores.ms} ms, CPU ${cores.cpuMs} ms, cold ${cores.coldPerS}/s)\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(2);
});
