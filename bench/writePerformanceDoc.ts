// `npm run bench:doc`: rewrites docs/performance.md from bench/results.json (bench/performanceDoc.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPerformanceDoc } from './performanceDoc';
import type { BenchResults } from './run';

export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
export const DOC_FILE = fileURLToPath(new URL('../docs/performance.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
  writeFileSync(DOC_FILE, renderPerformanceDoc(results));
  process.stdout.write(`wrote ${DOC_FILE} from ${RESULTS_FILE}\n`);
}
