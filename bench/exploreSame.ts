// Whether this tree's explore gives byte-identical results to another checkout's: for every seed
// and catalog scenario under broken, seed-fix and robust, the whole ExploreResult (counts, bound,
// every witness with its full trace) as JSON, compared. For an engine change that must not change
// an answer (bench/abCompare.ts measures its speed).
//   git archive <rev> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   node --import tsx bench/exploreSame.ts /tmp/base [maxStates] [off|on] [scenario:preset,...]
// The last argument picks pairs (a deep cap on every pair would take hours), e.g.
//   node --import tsx bench/exploreSame.ts /tmp/base 400000 on concurrent-deletes:broken,cache-pressure:robust
import { fileURLToPath } from 'node:url';

type Explore = (s: unknown, o: unknown) => unknown;

async function load(root: string): Promise<{ explore: Explore; scenarios: Array<{ name: string }> }> {
  const index = await import(`${root}/sim/scenarios/index.ts`);
  return { explore: (await import(`${root}/sim/explore/explore.ts`)).explore, scenarios: [...index.SEED_SCENARIOS, ...index.CATALOG] };
}

async function main(): Promise<void> {
  const [base, maxArg, reductionArg, pairsArg] = process.argv.slice(2);
  if (!base) throw new Error('usage: exploreSame <other tree> [maxStates] [off|on] [scenario:preset,...]');
  const only = pairsArg ? new Set(pairsArg.split(',')) : null;
  const maxStates = Number(maxArg ?? 20000);
  const trees = [await load(base), await load(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''))];
  let differ = 0;
  for (const [k, scenario] of trees[1].scenarios.entries()) {
    for (const preset of ['broken', 'seed-fix', 'robust']) {
      if (only && !only.has(`${scenario.name}:${preset}`)) continue;
      const options = { preset, maxStates, reduction: reductionArg !== 'off' };
      const [a, b] = trees.map((t) => JSON.stringify(t.explore(t.scenarios[k], options)));
      const same = a === b;
      if (!same) differ++;
      process.stdout.write(`${scenario.name} ${preset}: ${same ? 'identical' : 'DIFFERENT'} (${b.length} bytes)\n`);
    }
  }
  process.stdout.write(differ ? `${differ} result(s) differ\n` : 'every result byte-identical\n');
  process.exitCode = differ ? 1 : 0;
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
