#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so users need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/cliMain.ts');
process.exitCode = await main(process.argv.slice(2));
