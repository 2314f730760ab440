// A serving module for threadPool.test.ts and processPool.test.ts: echoes, or fails in one of the
// ways a thread can; 'busy' echoes and keeps its event loop busy for ever, as a child process with
// chunks queued does.
import type { MessagePort } from 'node:worker_threads';
import { serveThread } from '../../sim/parallel/threadServe';

export type ProbeMode = 'echo' | 'busy' | 'fail-loading' | 'fail-answering' | 'exit' | 'uncaught';

export function serveProbe(mode: ProbeMode, port: MessagePort | null): Promise<void> {
  return serveThread<number>(port, async () => {
    if (mode === 'fail-loading') throw new Error('probe could not load');
    if (mode === 'busy') {
      const spin = (): void => void setImmediate(spin);
      spin();
    }
    return (n) => {
      if (mode === 'fail-answering') throw new Error(`probe could not answer ${n}`);
      if (mode === 'exit') process.exit(3);
      if (mode === 'uncaught') queueMicrotask(() => {
        throw new Error('probe threw outside a handler');
      });
      else port!.postMessage({ type: 'echo', n: n * 2 });
    };
  });
}
