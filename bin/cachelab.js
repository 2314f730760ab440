#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so users need no build step.
import { register } from 'tsx/esm/api';

// `cachelab run ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
register();
const { main } = await import('../sim/cli/cliMain.ts');
process.exitCode = await main(process.argv.slice(2));
