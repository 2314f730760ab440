// docs/recommendation.md's deployment table, measured: `cachelab check all` (PCT, its default 500
// schedules per scenario, seed 1) under `seed-fix` and `robust` on each of the eight deployments (workers x cache
// backend x ATOMIC_REQUESTS, overriding each scenario's own). Writes the results file, then the
// table from it (test/sim/deploymentTable.test.ts keeps the two equal and replays every stored
// counterexample).
//   npm run docs:deployments                          measure, write the results, render the table
//   npx tsx tools/deploymentTable.ts --render         only render the table from the results file
import { checkScenario, DEFAULT_CHECK_RUNS } from '../sim/check/checkScenario';
import { SCENARIOS } from '../sim/scenarios/index';
import { docsGenerator, isMain } from './generatedBlock';
import { violatedInvariants } from './storedCounterexample';

export const RESULTS_FILE = 'docs/deployments.json';
export const DOC_FILE = 'docs/recommendation.md';
/** check's default: at 100 a deployment's routing changed which failing schedules PCT drew in time. */
export const RUNS = DEFAULT_CHECK_RUNS;
export const SEED = 1;
export const PRESETS = ['seed-fix', 'robust'] as const;

export interface Deployment {
  workers: 1 | 3;
  cacheBackend: 'locmem' | 'redis';
  atomicRequests: boolean;
}

export const DEPLOYMENTS: Deployment[] = [1, 3].flatMap((workers) =>
  (['locmem', 'redis'] as const).flatMap((cacheBackend) => [false, true].map((atomicRequests) => ({ workers: workers as 1 | 3, cacheBackend, atomicRequests }))),
);

export function deploymentOverrides(d: Deployment): string[] {
  return [`deploy.workers=${d.workers}`, `deploy.cacheBackend=${d.cacheBackend}`, `deploy.atomicRequests=${d.atomicRequests}`];
}

export interface ScenarioVerdict {
  scenario: string;
  /** null: no violation in RUNS schedules. */
  counterexample: { script: number[]; invariants: string[] } | null;
}

export interface DeploymentResult {
  deployment: Deployment;
  preset: (typeof PRESETS)[number];
  runs: number;
  seed: number;
  scenarios: ScenarioVerdict[];
}

export function measure(): DeploymentResult[] {
  const results: DeploymentResult[] = [];
  for (const deployment of DEPLOYMENTS)
    for (const preset of PRESETS) {
      const overrides = deploymentOverrides(deployment);
      const scenarios = SCENARIOS.map((s): ScenarioVerdict => {
        const x = checkScenario(s, { preset, overrides, runs: RUNS, seed: SEED }).counterexample;
        return { scenario: s.name, counterexample: x ? { script: x.script, invariants: violatedInvariants(x) } : null };
      });
      results.push({ deployment, preset, runs: RUNS, seed: SEED, scenarios });
    }
  return results;
}

function deploymentName(d: Deployment): string {
  const w = d.workers === 1 ? '1 worker' : `${d.workers} workers`;
  return `${w}, ${d.cacheBackend === 'locmem' ? 'LocMem' : 'Redis'}, ${d.atomicRequests ? '`ATOMIC_REQUESTS`' : 'autocommit'}`;
}

/** "exit 0", or "exit 1" and the failing scenarios, grouped by the invariants they violate. */
export function verdictText(r: DeploymentResult): string {
  const failed = r.scenarios.filter((s) => s.counterexample);
  if (!failed.length) return 'exit 0';
  const groups = new Map<string, string[]>();
  for (const s of failed) {
    const key = s.counterexample!.invariants.join(', ');
    groups.set(key, [...(groups.get(key) ?? []), s.scenario]);
  }
  const list = [...groups].map(([invariants, names]) => `${names.join(', ')} [${invariants}]`).join('; ');
  return `exit 1, ${failed.length === r.scenarios.length ? 'all' : `${failed.length} of`} ${r.scenarios.length}: ${list}`;
}

export function deploymentTable(results: readonly DeploymentResult[]): string {
  const count = results[0]?.scenarios.length ?? 0;
  const lines = [
    `Each cell is \`npx cachelab check all --config <preset> ${deploymentOverrides({ workers: 1, cacheBackend: 'locmem', atomicRequests: false })
      .map((o) => `--set ${o.replace(/=.*/, '=<…>')}`)
      .join(' ')} --runs ${RUNS} --seed ${SEED}\` over the ${count} scenarios \`check all\` runs (PCT, ${RUNS} schedules per scenario); a failing scenario is listed with the invariants its shrunk counterexample violates.`,
    '',
    `| deployment | ${PRESETS.map((p) => `\`${p}\``).join(' | ')} |`,
    `|---|${PRESETS.map(() => '---|').join('')}`,
  ];
  for (const d of DEPLOYMENTS) {
    const cells = PRESETS.map((p) => {
      const r = results.find((x) => x.preset === p && deploymentName(x.deployment) === deploymentName(d));
      return r ? verdictText(r) : 'not measured';
    });
    lines.push(`| ${deploymentName(d)}${d.workers === 1 && d.cacheBackend === 'locmem' && !d.atomicRequests ? " (the seed's)" : ''} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'deployments', how: 'tools/deploymentTable.ts from docs/deployments.json; npm run docs:deployments', resultsFile: RESULTS_FILE, measure, body: deploymentTable });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withDeploymentTable = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) generator.main();
