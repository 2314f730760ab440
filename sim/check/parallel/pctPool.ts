// The threads of `check --workers N`, started once for a whole `check` (every scenario): each
// loads the scenario code once (about a second of compiling under tsx), then serves one search
// after another (pctServe.ts is the other side).
import { Worker } from 'node:worker_threads';
import type { PctBlockMessage, PctReply, PctSearchMessage, PctWorkerData } from './pctServe';

export type BlockReply = Extract<PctReply, { type: 'block' }>;

export interface PoolListener {
  /** Thread `w` can take blocks (once, when it has loaded). */
  ready(w: number): void;
  /** Thread `w` answered a block of the current search. */
  block(w: number, reply: BlockReply): void;
}

export class PctPool {
  private readonly workers: Worker[] = [];
  private readonly isReady: boolean[] = [];
  private failure: Error | null = null;
  private gen = 0;
  private listener: PoolListener | null = null;
  private wake: (() => void) | null = null;

  constructor(threads: number, appFile: string | null) {
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(new URL('./pctWorker.mjs', import.meta.url), { workerData: { appFile } satisfies PctWorkerData });
      worker.on('message', (m: PctReply) => this.receive(w, m));
      worker.on('error', (e) => this.fail(e));
      this.workers.push(worker);
      this.isReady.push(false);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  ready(w: number): boolean {
    return this.isReady[w];
  }

  /** Starts a search on every thread (a thread still loading takes it when it is up); gives its tag. */
  begin(search: Omit<PctSearchMessage, 'type' | 'gen'>, listener: PoolListener): number {
    const gen = ++this.gen;
    this.listener = listener;
    const m: PctSearchMessage = { type: 'search', gen, ...search };
    for (const worker of this.workers) worker.postMessage(m);
    return gen;
  }

  send(w: number, from: number, to: number): void {
    this.workers[w].postMessage({ type: 'block', gen: this.gen, from, to } satisfies PctBlockMessage);
  }

  /** Resolves at the next message from any thread. */
  next(): Promise<void> {
    this.check();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Resolves when every thread has loaded. */
  async whenReady(): Promise<void> {
    while (!this.isReady.every(Boolean)) await this.next();
    this.check();
  }

  /** Throws when a thread failed. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  private receive(w: number, m: PctReply): void {
    if (m.type === 'ready') {
      this.isReady[w] = true;
      this.listener?.ready(w);
    } else if (m.type === 'block') {
      if (m.gen === this.gen) this.listener?.block(w, m);
    } else this.fail(Object.assign(new Error(m.message), { stack: m.stack }));
    this.poke();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  close(): Promise<unknown> {
    this.listener = null;
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}
