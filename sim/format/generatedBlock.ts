// A generated block of a docs page: the text between its BEGIN and END markers, replaced from a
// results file by a generator (sim/lessons, tools/, bench/). One copy of the marker format and the
// missing-marker error, so they cannot drift apart; the generators' file and argv handling is in
// tools/generatedBlock.ts.

export interface GeneratedBlock {
  /** The page holding the block (as the error names it). */
  file: string;
  /** The marker's name: `<!-- generated:NAME (...) -->`. */
  name: string;
  /** How to regenerate it, in the BEGIN marker's parentheses. */
  how: string;
}

export const beginMarker = (b: Pick<GeneratedBlock, 'name' | 'how'>) => `<!-- generated:${b.name} (${b.how}) -->`;
export const endMarker = (b: Pick<GeneratedBlock, 'name'>) => `<!-- /generated:${b.name} -->`;

/** The page with the block's body replaced; throws when the markers are missing or out of order. */
export function withGeneratedBlock(page: string, block: GeneratedBlock, body: string): string {
  const begin = beginMarker(block);
  const b = page.indexOf(begin);
  const e = page.indexOf(endMarker(block));
  if (b < 0 || e < b) throw new Error(`${block.file}: markers for ${block.name} missing`);
  return page.slice(0, b) + begin + '\n' + body + '\n' + page.slice(e);
}
