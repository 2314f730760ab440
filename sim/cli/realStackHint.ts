// The line under a counterexample that says how to follow it on the real stack (npm run stack).
// Full paths: `npm run` runs in cachelab's folder, which need not be the user's. With your own
// views (--app), the real stack needs them in Python too (--views): their twin is named after the
// TypeScript file, dashes as underscores (examples/invalidate-in-transaction.ts beside
// examples/invalidate_in_transaction.py), and used when it is there.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { shellWord } from './shellWord';

/** The Python twin of a TypeScript app file by name, if it exists. */
export function pythonTwin(appFile: string): string | null {
  const twin = join(dirname(appFile), `${basename(appFile, extname(appFile)).replaceAll('-', '_')}.py`);
  return existsSync(twin) ? twin : null;
}

export function realStackHint(traceFile: string, scenarioFile: string | undefined, app: { path: string; views: string[] } | null): string {
  const base = `npm run stack -- --trace ${shellWord(resolve(traceFile))}${scenarioFile ? ` --scenario-file ${shellWord(resolve(scenarioFile))}` : ''}`;
  if (!app) return `Does it happen on the real stack? In cachelab's folder: ${base}\n`;
  const withApp = `${base} --app ${shellWord(resolve(app.path))}`;
  if (!app.views.length) return `Does it happen on the real stack? In cachelab's folder: ${withApp}\n`;
  const twin = pythonTwin(resolve(app.path));
  if (twin) return `Does it happen on the real stack? With your views in Python (${basename(twin)}), in cachelab's folder: ${withApp} --views ${shellWord(twin)}\n`;
  return `Does it happen on the real stack? Write the same views in Python (docs/your-own-fix.md, "On the real stack"), then in cachelab's folder: ${withApp} --views YOUR_VIEWS.py\n`;
}
