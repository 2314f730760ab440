// Runs one long CLI job (check, explore) in a worker thread, so that the main thread stays free to
// take Ctrl-C, enforce --time-limit and draw progress while the job computes (sim/cli/cliStoppable.ts).
// tsx compiles the TypeScript job module here as bin/cachelab.js does in the main thread.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { runJobInWorker } = await import('./cliJobs.ts');
runJobInWorker(workerData, parentPort);
