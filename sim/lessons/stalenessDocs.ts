// The staleness tables of docs/findings.md and docs/recommendation.md, generated from the ablation
// cases' runs between marker comments, so no duration on those pages is typed by hand.
import { ABLATION, SEED_FIX_CASES, stalenessTable, type StaleCase } from './ablation';

export interface GeneratedBlock {
  file: string;
  name: string;
  cases: StaleCase[];
}

export const STALENESS_BLOCKS: GeneratedBlock[] = [
  { file: 'docs/findings.md', name: 'staleness-seed-fix', cases: SEED_FIX_CASES },
  { file: 'docs/recommendation.md', name: 'staleness-ablation', cases: ABLATION },
];

const begin = (name: string) => `<!-- generated:${name} (sim/lessons/ablation.ts; UPDATE_DOCS=1 npx vitest run test/sim/stalenessDocs.test.ts) -->`;
const end = (name: string) => `<!-- /generated:${name} -->`;

/** The page with the block's content regenerated; throws when the markers are missing. */
export function withBlock(page: string, block: GeneratedBlock): string {
  const b = page.indexOf(begin(block.name));
  const e = page.indexOf(end(block.name));
  if (b < 0 || e < b) throw new Error(`${block.file}: markers for ${block.name} missing`);
  return page.slice(0, b) + begin(block.name) + '\n' + stalenessTable(block.cases) + '\n' + page.slice(e);
}

export function emptyBlock(name: string): string {
  return `${begin(name)}\n${end(name)}`;
}
