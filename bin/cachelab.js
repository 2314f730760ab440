#!/usr/bin/env node
// Starts the TypeScript CLI with no build step. When the system's temporary directory holds a
// current bundle of it (one JavaScript file that esbuild made from the sources, checked file by file
// against them: sim/parallel/bundleLookup.mjs), that file runs: about a second less to start than
// compiling ~150 modules through tsx. Otherwise tsx is registered and the bundle built for this run
// and the next ones (sim/parallel/threadBundle.ts); if it cannot be, the sources run under tsx. With
// --app the sources always run under tsx, which the user's TypeScript file needs.
import { fileURLToPath } from 'node:url';

// `cachelab run ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const argv = process.argv.slice(2);
const source = new URL('../sim/cli/cliMain.ts', import.meta.url);
const withApp = argv.some((a) => a === '--app' || a.startsWith('--app='));

/** cliMain's main from the bundle at `url`, or null if it cannot be imported. */
async function fromBundle(url) {
  if (url === null) return null;
  try {
    return (await import(url.href)).main;
  } catch {
    return null;
  }
}

let main = null;
if (!withApp) {
  const { cachedBundle } = await import('../sim/parallel/bundleLookup.mjs');
  main = await fromBundle(cachedBundle(fileURLToPath(source)));
}
if (main === null) {
  (await import('tsx/esm/api')).register();
  if (!withApp) main = await fromBundle((await import('../sim/parallel/threadBundle.ts')).bundledModule(source));
  main ??= (await import('../sim/cli/cliMain.ts')).main;
}
process.exitCode = await main(argv);
