// A worker thread of `check --workers N`: runs blocks of PCT runs (pctServe.ts). tsx compiles the
// TypeScript here as bin/cachelab.js does in the main thread.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { servePct } = await import('./pctServe.ts');
await servePct(workerData, parentPort);
