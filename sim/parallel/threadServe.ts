// The thread side of threadPool.ts: load what the thread needs, then answer each message of the
// pool's protocol; 'ready' once loaded, and any error (loading or answering) reported as one
// 'error' reply, which fails the whole pool.
import type { MessagePort } from 'node:worker_threads';
import { UsageError } from '../../src/config';

/** `usage`: the error was the user's input (a UsageError, e.g. a mistake in an --app view), exit 2 in one line. */
export type ThreadReply = { type: 'ready' } | { type: 'error'; message: string; stack?: string; usage?: boolean };

export function errorReply(e: unknown): ThreadReply {
  const error = e instanceof Error ? e : new Error(String(e));
  return error instanceof UsageError ? { type: 'error', message: error.message, stack: error.stack, usage: true } : { type: 'error', message: error.message, stack: error.stack };
}

/** The error an 'error' reply stands for, a UsageError again if it was one in the thread. */
export function replyError(m: { message: string; stack?: string; usage?: boolean }): Error {
  return Object.assign(m.usage ? new UsageError(m.message) : new Error(m.message), { stack: m.stack });
}

/** Loads with `load`, then hands every message from the pool to the handler it gave. */
export async function serveThread<M>(port: MessagePort | null, load: () => Promise<(message: M) => void>): Promise<void> {
  if (!port) throw new Error('serveThread runs in a worker thread');
  try {
    const handle = await load();
    port.on('message', (m: M) => {
      try {
        handle(m);
      } catch (e) {
        port.postMessage(errorReply(e));
      }
    });
    port.postMessage({ type: 'ready' } satisfies ThreadReply);
  } catch (e) {
    port.postMessage(errorReply(e));
  }
}
