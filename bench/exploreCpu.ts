// CPU time of explore in a process of its own, for one tree: one untimed explore (JIT warm-up),
// then `reps` timed ones (process.cpuUsage, so the collector's helper threads count too). Run it
// alternately for two trees (bench/abCompare.ts runs both in one process, where the two share one
// heap and a change to what the explorer keeps alive shows only half its effect):
//   for i in 1 2; do for t in /tmp/base "$PWD"; do node --import tsx bench/exploreCpu.ts $t cache-pressure broken 60000 3; done; done
async function main(): Promise<void> {
  const [root, name, preset, maxArg, repsArg] = process.argv.slice(2);
  if (!root || !name || !preset || !(Number(maxArg) > 0)) throw new Error('usage: exploreCpu <tree> <scenario> <preset> <maxStates> [reps]');
  const { explore } = await import(`${root}/sim/explore/explore.ts`);
  const { getScenario } = await import(`${root}/sim/scenarios/index.ts`);
  const cpuMs: number[] = [];
  let counts = '';
  for (let i = 0; i <= Number(repsArg ?? 3); i++) {
    const c0 = process.cpuUsage();
    const r = explore(getScenario(name), { preset, maxStates: Number(maxArg) });
    const c = process.cpuUsage(c0);
    if (i > 0) cpuMs.push(Math.round((c.user + c.system) / 1000));
    counts = `${r.distinctStates} distinct, ${r.statesExplored} explored, ${r.runs} runs`;
  }
  process.stdout.write(`${root} ${name} ${preset} (${counts}): CPU ms ${cpuMs.join(' ')}, total ${cpuMs.reduce((a, b) => a + b, 0)}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
