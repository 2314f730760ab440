// Runs one long CLI job (check, explore) in a worker thread, so that the main thread stays free to
// take Ctrl-C, enforce --time-limit and draw progress while the job computes (sim/cli/cliStoppable.ts).
// The job module comes bundled as plain JavaScript when it could be built (`plain`, no tsx then:
// about a second less to start); otherwise, or if the bundle cannot be imported (removed since,
// say), tsx compiles the TypeScript job module here as bin/cachelab.js does in the main thread.
import { parentPort, workerData } from 'node:worker_threads';

let jobs = null;
if (workerData.plain) jobs = await import(workerData.module).catch(() => null);
if (jobs === null) {
  (await import('tsx/esm/api')).register();
  jobs = await import('./cliJobs.ts');
}
jobs.runJobInWorker(workerData, parentPort);
