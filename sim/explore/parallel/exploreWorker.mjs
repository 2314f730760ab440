// A worker thread of `explore --workers N`: runs schedules ahead of the main thread
// (workerServe.ts). tsx compiles the TypeScript here as bin/cachelab.js does in the main thread.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { serveSchedules } = await import('./workerServe.ts');
await serveSchedules(workerData, parentPort);
