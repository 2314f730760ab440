// `npm run bench:doc`: rewrites docs/performance.md from bench/results.json (bench/performanceDoc.ts),
// and the explore verdict blocks of docs/findings.md and docs/recommendation.md (bench/exploreDocs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMain, readResults } from '../tools/generatedBlock';
import { EXPLORE_BLOCKS, withExploreBlock } from './exploreDocs';
import { renderPerformanceDoc } from './performanceDoc';
import type { BenchResults } from './run';

export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
export const DOC_FILE = fileURLToPath(new URL('../docs/performance.md', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));

if (isMain(import.meta.url)) {
  const results = readResults<BenchResults>(RESULTS_FILE);
  writeFileSync(DOC_FILE, renderPerformanceDoc(results));
  process.stdout.write(`wrote ${DOC_FILE} from ${RESULTS_FILE}\n`);
  for (const block of EXPLORE_BLOCKS) {
    const file = `${REPO_DIR}${block.file}`;
    writeFileSync(file, withExploreBlock(readFileSync(file, 'utf8'), block, results));
    process.stdout.write(`wrote the ${block.name} block of ${block.file}\n`);
  }
}
