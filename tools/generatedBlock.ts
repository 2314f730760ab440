// What every docs generator script shares: the results file, and the main that measures (unless
// --render) and then rewrites the page's block (the splice itself, with the marker format, is
// sim/format/generatedBlock.ts). One copy, so the results file's layout cannot drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withGeneratedBlock, type GeneratedBlock } from '../sim/format/generatedBlock';

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
