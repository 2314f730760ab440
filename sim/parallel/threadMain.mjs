// A worker thread of threadPool.ts: registers tsx (so the serving module's TypeScript compiles here
// as bin/cachelab.js does in the main thread), then hands the pool's data and port to the module.
// A bundled module (threadBundle.ts, `plain`) is plain JavaScript: no tsx then.
import { parentPort, workerData } from 'node:worker_threads';

if (!workerData.plain) (await import('tsx/esm/api')).register();
try {
  const served = await import(workerData.module);
  await served[workerData.serve](workerData.data, parentPort);
} catch (e) {
  parentPort.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
}
