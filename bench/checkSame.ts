// Whether this tree's `check` gives byte-identical results to another checkout's: for every seed
// and catalog scenario under broken and seed-fix, the whole CheckResult (counts, the found
// schedule's shrunk script, its violations and full trace) as JSON, on one thread and on two
// (check --workers 2), compared. For a change to check's engine that must not change an answer.
//   git archive <rev> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   node --import tsx bench/checkSame.ts /tmp/base [runs] [seed]
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

interface Tree {
  check: (s: unknown, o: unknown, threads?: unknown) => Promise<unknown>;
  pool: { close(): Promise<unknown>; whenReady(): Promise<void> };
  scenarios: Array<{ name: string }>;
}

async function load(root: string): Promise<Tree> {
  const index = await import(`${root}/sim/scenarios/index.ts`);
  const { checkWithWorkers } = await import(`${root}/sim/check/parallel/parallelCheck.ts`);
  const { PctPool } = await import(`${root}/sim/check/parallel/pctPool.ts`);
  const pool = new PctPool(1, null);
  await pool.whenReady();
  return { check: checkWithWorkers, pool, scenarios: [...index.SEED_SCENARIOS, ...index.CATALOG] };
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

async function main(): Promise<void> {
  const [base, runsArg, seedArg] = process.argv.slice(2);
  if (!base) throw new Error('usage: checkSame <other tree> [runs] [seed]');
  const runs = Number(runsArg ?? 1500);
  const seed = Number(seedArg ?? 1);
  const other = await load(base);
  const mine = await load(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
  let differ = 0;
  try {
    for (const [k, scenario] of mine.scenarios.entries()) {
      for (const preset of ['broken', 'seed-fix']) {
        for (const workers of [1, 2]) {
          const options = { preset, runs, seed, workers };
          const a = JSON.stringify(await other.check(other.scenarios[k], options, { pool: other.pool }));
          const b = JSON.stringify(await mine.check(mine.scenarios[k], options, { pool: mine.pool }));
          const same = a === b;
          if (!same) differ++;
          const r = JSON.parse(b) as { runs: number; counterexample: unknown };
          process.stdout.write(`${scenario.name} ${preset} workers ${workers}: ${same ? 'identical' : `DIFFERENT (${digest(a)} ${digest(b)})`} (${r.runs} runs, ${r.counterexample ? 'counterexample' : 'none'}, sha256 ${digest(b)}, ${b.length} bytes)\n`);
        }
      }
    }
  } finally {
    await Promise.all([other.pool.close(), mine.pool.close()]);
  }
  process.stdout.write(differ ? `${differ} DIFFERENT\n` : 'every result identical\n');
  process.exit(differ ? 1 : 0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(2);
});
