// The line under a counterexample that says how to follow it on the real stack (npm run stack).
// `npm run` runs in cachelab's folder, which need not be the user's, and the tool resolves a
// relative name from where it was typed (INIT_CWD): so a file below the current directory is named
// relative to it when that directory is in cachelab's folder (a CI log then shows `counterexample.json`,
// not the runner's checkout path), and by its full path otherwise. With your own
// views (--app), the real stack needs them in Python too (--views): their twin is named after the
// TypeScript file, dashes as underscores (examples/invalidate-in-transaction.ts beside
// examples/invalidate_in_transaction.py), and used when it is there.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { ROOT } from '../parallel/bundleLookup.mjs';
import { shellWord } from './shellWord';

const below = (dir: string, path: string) => {
  const r = relative(dir, path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/** `file` as the hint names it: relative to `cwd` when `cwd` is in cachelab's folder and the file below it, else its full path. */
export function hintPath(file: string, cwd = process.cwd(), root = ROOT): string {
  const full = resolve(cwd, file);
  return (cwd === resolve(root) || below(root, cwd)) && below(cwd, full) ? relative(cwd, full) : full;
}

/** The Python twin of a TypeScript app file by name, if it exists. */
export function pythonTwin(appFile: string): string | null {
  const twin = join(dirname(appFile), `${basename(appFile, extname(appFile)).replaceAll('-', '_')}.py`);
  return existsSync(twin) ? twin : null;
}

export function realStackHint(traceFile: string, scenarioFile: string | undefined, app: { path: string; views: string[] } | null): string {
  const base = `npm run stack -- --trace ${shellWord(hintPath(traceFile))}${scenarioFile ? ` --scenario-file ${shellWord(hintPath(scenarioFile))}` : ''}`;
  if (!app) return `Does it happen on the real stack? In cachelab's folder: ${base}\n`;
  const withApp = `${base} --app ${shellWord(hintPath(app.path))}`;
  if (!app.views.length) return `Does it happen on the real stack? In cachelab's folder: ${withApp}\n`;
  const twin = pythonTwin(resolve(app.path));
  if (twin) return `Does it happen on the real stack? With your views in Python (${basename(twin)}), in cachelab's folder: ${withApp} --views ${shellWord(hintPath(twin))}\n`;
  return `Does it happen on the real stack? Write the same views in Python (docs/your-own-fix.md, "On the real stack"), then in cachelab's folder: ${withApp} --views YOUR_VIEWS.py\n`;
}
