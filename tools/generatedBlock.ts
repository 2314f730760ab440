// What every docs generator shares: a block of a page between its BEGIN and END markers, rewritten
// from a results file, and the main that measures (unless --render) and then renders. One copy, so
// the marker format, the missing-marker error and the results file's layout cannot drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

export function readResults<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** indent: the results file's existing layout (a re-measure then diffs only in its figures). */
export function writeResults(file: string, results: unknown, indent = 1): void {
  writeFileSync(file, JSON.stringify(results, null, indent) + '\n');
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}

export interface DocsGenerator<T> extends GeneratedBlock {
  resultsFile: string;
  measure: () => T;
  /** The block's body from the results. */
  body: (results: T) => string;
  /** The results file's layout, spaces per level (default 1). */
  indent?: number;
}

/**
 * A generator's parts: `render` (the page with its block rewritten from the results; throws when the
 * markers are missing), `readResults`, and `main`, which measures and writes the results file unless
 * argv has --render, then rewrites the page from the file.
 */
export function docsGenerator<T>(g: DocsGenerator<T>) {
  const render = (page: string, results: T) => withGeneratedBlock(page, g, g.body(results));
  const read = () => readResults<T>(g.resultsFile);
  const main = (argv: readonly string[] = process.argv) => {
    if (!argv.includes('--render')) writeResults(g.resultsFile, g.measure(), g.indent);
    writeFileSync(g.file, render(readFileSync(g.file, 'utf8'), read()));
  };
  return { render, readResults: read, main };
}
