// Child process of bench/check.ts's measureCheckRatesInChild: each strategy's rate of complete
// schedules on one scenario, PCT also over `workers` threads, printed as one JSON line (an array of
// CheckRateResult, PCT first). A fresh process, started from its esbuild bundle as `cachelab check`
// is; by hand, under tsx:
//   node --import tsx bench/checkRateChild.ts seed-fixed <budgetMs> <warmRuns> <workers>
import { STRATEGIES } from '../sim/check/checkScenario';
import { getScenario } from '../sim/scenarios/index';
import { measureCheckRate, measureCheckRateOnCores } from './check';

async function main(): Promise<void> {
  const [name, budgetArg, warmArg, workersArg] = process.argv.slice(2);
  const [budgetMs, warmRuns, workers] = [budgetArg, warmArg, workersArg].map(Number);
  if (!name || !(budgetMs > 0) || !(warmRuns >= 0) || !(workers >= 1)) throw new Error('usage: checkRateChild <scenario> <budgetMs> <warmRuns> <workers>');
  const scenario = getScenario(name);
  const rates = STRATEGIES.map((strategy) => measureCheckRate(scenario, budgetMs, strategy, warmRuns));
  rates[0].onCores = await measureCheckRateOnCores(scenario, budgetMs, workers, warmRuns);
  process.stdout.write(`${JSON.stringify(rates)}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(2);
});
