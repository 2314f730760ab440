// A/B of this tree against another checkout, in one process, the two alternated in rounds, timed
// in CPU time (process.cpuUsage): on a shared machine wall time swings several-fold with the
// load, CPU time far less, and alternating spreads what remains over both. Prints the ratio and
// whether both trees gave the same results (explore: state counts and witnesses; check: the
// evaluations and the counterexample's script).
//   git archive <rev> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   node --import tsx bench/abCompare.ts /tmp/base explore <scenario> <preset> <maxStates> [rounds] [off]
//   node --import tsx bench/abCompare.ts /tmp/base check <scenario> <pct|random> <runs> [rounds]
import { fileURLToPath } from 'node:url';

interface Tree {
  explore: (s: unknown, o: unknown) => { distinctStates: number; statesExplored: number; runs: number; witnesses: Array<{ invariant: string; script: number[] }> };
  check: (s: unknown, o: unknown) => { evaluations: number; counterexample: { script: number[] } | null };
  getScenario: (name: string) => { defaultPreset: string };
}

async function load(root: string): Promise<Tree> {
  return {
    explore: (await import(`${root}/sim/explore/explore.ts`)).explore,
    check: (await import(`${root}/sim/check/checkScenario.ts`)).checkScenario,
    getScenario: (await import(`${root}/sim/scenarios/index.ts`)).getScenario,
  };
}

async function main(): Promise<void> {
  const [base, mode, name, arg, sizeArg, roundsArg, reductionArg] = process.argv.slice(2);
  if (!base || !['explore', 'check'].includes(mode) || !name || !arg || !(Number(sizeArg) > 0)) throw new Error('usage: abCompare <other tree> explore|check <scenario> <preset|strategy> <maxStates|runs> [rounds] [off]');
  const trees = [await load(base), await load(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''))];
  const rounds = Number(roundsArg ?? 6);
  const cpuMs = [0, 0];
  const units = [0, 0];
  const outputs = ['', ''];
  const once = (k: number, seed: number): void => {
    const t = trees[k];
    const scenario = t.getScenario(name);
    const c0 = process.cpuUsage();
    if (mode === 'explore') {
      const r = t.explore(scenario, { preset: arg, maxStates: Number(sizeArg), reduction: reductionArg !== 'off' });
      units[k] += r.distinctStates;
      outputs[k] += JSON.stringify([r.distinctStates, r.statesExplored, r.runs, r.witnesses.map((w) => [w.invariant, w.script])]);
    } else {
      const r = t.check(scenario, { preset: scenario.defaultPreset, runs: Number(sizeArg), seed, strategy: arg });
      units[k] += r.evaluations;
      outputs[k] += JSON.stringify([r.evaluations, r.counterexample?.script ?? null]);
    }
    const c = process.cpuUsage(c0);
    cpuMs[k] += (c.user + c.system) / 1000;
  };
  // One untimed round warms both.
  once(0, 99);
  once(1, 99);
  cpuMs.fill(0);
  units.fill(0);
  outputs.fill('');
  for (let i = 0; i < rounds; i++) for (const k of i % 2 ? [1, 0] : [0, 1]) once(k, i + 1);
  const rate = (k: number) => Math.round((units[k] / cpuMs[k]) * 1000);
  const what = mode === 'explore' ? 'distinct states' : 'schedules';
  process.stdout.write(`${mode} ${name} ${arg} ${sizeArg}${reductionArg === 'off' ? ' (reduction off)' : ''}: other ${rate(0)} ${what}/CPU s, this ${rate(1)}, this/other ${(rate(1) / rate(0)).toFixed(2)}x; same results: ${outputs[0] === outputs[1]}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
