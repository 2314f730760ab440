// A parent for processPool.test.ts: starts a pool of two busy children (threadPoolProbe.ts), prints their process
// ids once they are ready, and stays up until it is killed (the test kills it with SIGKILL).
import { ProcessPool } from '../../sim/parallel/processPool';

const pool = new ProcessPool<unknown>(2, () => ({ module: new URL('./threadPoolProbe.ts', import.meta.url), serve: 'serveProbe', data: 'busy' }), { message: () => undefined });
await pool.whenReady();
process.stdout.write(`${JSON.stringify(pool.pids)}\n`);
