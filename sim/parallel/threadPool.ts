// N worker threads that each load one serving module and then speak its protocol: the part the
// thread pools of `check --workers` (sim/check/parallel/pctPool.ts) and `explore --workers`
// (sim/explore/parallel/workerPool.ts) share. It starts the threads, counts them ready, and turns
// any failure (an error a thread reports, an uncaught one, a thread that stops before close) into
// one error that every waiter gets at once, so no search waits forever on a dead thread.
import { Worker, type TransferListItem } from 'node:worker_threads';
import { bundledModule } from './threadBundle';
import type { ThreadReply } from './threadServe';

export interface ThreadStart {
  /** The serving module (TypeScript, compiled in the thread by tsx), e.g. new URL('./pctServe.ts', import.meta.url). */
  module: URL;
  /** Its export called as serve(data, parentPort) once the thread is up (threadServe.ts's serveThread). */
  serve: string;
  data: unknown;
  /** Objects in `data` moved rather than copied (message ports). */
  transferList?: TransferListItem[];
  /**
   * Load the module as one bundled file, without tsx (threadBundle.ts), when it can be built; only
   * for a module that imports no TypeScript at run time (check's and explore's threads without --app).
   */
  bundle?: boolean;
}

export interface ThreadHandlers<R> {
  /** A reply of the module's own protocol (not 'ready' nor 'error'). */
  message(w: number, reply: R): void;
  /** Thread `w` has loaded its module and takes work. */
  ready?(w: number): void;
  /** The first failure: reject whatever waits on a thread. */
  failed?(error: Error): void;
}

const threadMain = new URL('./threadMain.mjs', import.meta.url);

export class ThreadPool<R> {
  private readonly threads: Worker[] = [];
  private readonly isReady: boolean[] = [];
  private readyCount = 0;
  private failure: Error | null = null;
  private closing = false;
  /** Woken at every message or failure (whenReady, and pools that wait for "any answer"). */
  private wakers: Array<() => void> = [];

  constructor(count: number, start: (w: number) => ThreadStart, private readonly handlers: ThreadHandlers<R>) {
    for (let w = 0; w < count; w++) {
      const { module, serve, data, transferList, bundle } = start(w);
      const bundled = bundle ? bundledModule(module) : null;
      const thread = new Worker(threadMain, { workerData: { module: (bundled ?? module).href, plain: bundled !== null, serve, data }, transferList });
      thread.on('message', (m: R | ThreadReply) => this.receive(w, m));
      thread.on('error', (e) => this.fail(e));
      thread.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`worker thread ${w + 1} of ${count} stopped (exit code ${code}) before the search was over`));
      });
      this.threads.push(thread);
      this.isReady.push(false);
    }
  }

  get size(): number {
    return this.threads.length;
  }

  ready(w: number): boolean {
    return this.isReady[w];
  }

  /** Every thread has loaded its module, and none failed. */
  get allReady(): boolean {
    return this.readyCount === this.threads.length && this.failure === null;
  }

  post(w: number, message: unknown, transferList?: TransferListItem[]): void {
    this.threads[w].postMessage(message, transferList);
  }

  /** Throws the first failure, if any. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves at the next message from any thread (or failure: then check() throws). */
  next(): Promise<void> {
    this.check();
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  /** Resolves when every thread has loaded; rejects when one failed first. */
  async whenReady(): Promise<void> {
    while (!this.allReady) await this.next();
  }

  private receive(w: number, m: R | ThreadReply): void {
    const t = (m as { type?: unknown }).type;
    if (t === 'ready') {
      this.isReady[w] = true;
      this.readyCount++;
      this.handlers.ready?.(w);
    } else if (t === 'error') {
      const e = m as Extract<ThreadReply, { type: 'error' }>;
      this.fail(Object.assign(new Error(e.message), { stack: e.stack }));
    } else this.handlers.message(w, m as R);
    this.wake();
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.handlers.failed?.(e);
    this.wake();
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  close(): Promise<unknown> {
    this.closing = true;
    return Promise.all(this.threads.map((t) => t.terminate()));
  }
}
