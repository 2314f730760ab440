// The staleness tables of docs/findings.md and docs/recommendation.md, generated from the ablation
// cases' runs between marker comments, so no duration on those pages is typed by hand.
import { beginMarker, endMarker, withGeneratedBlock, type GeneratedBlock } from '../format/generatedBlock';
import { ABLATION, SEED_FIX_CASES, stalenessTable, type StaleCase } from './ablation';

export interface StalenessBlock extends GeneratedBlock {
  cases: StaleCase[];
}

const how = 'sim/lessons/ablation.ts; UPDATE_DOCS=1 npx vitest run test/sim/stalenessDocs.test.ts';

export const STALENESS_BLOCKS: StalenessBlock[] = [
  { file: 'docs/findings.md', name: 'staleness-seed-fix', how, cases: SEED_FIX_CASES },
  { file: 'docs/recommendation.md', name: 'staleness-ablation', how, cases: ABLATION },
];

/** The page with the block's content regenerated (sim/format/generatedBlock.ts's splice); throws when the markers are missing. */
export function withBlock(page: string, block: StalenessBlock): string {
  return withGeneratedBlock(page, block, stalenessTable(block.cases));
}

export function emptyBlock(name: string): string {
  return `${beginMarker({ name, how })}\n${endMarker({ name })}`;
}
