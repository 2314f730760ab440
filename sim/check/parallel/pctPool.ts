// The threads of `check --workers N`, started once for a whole `check` (every scenario): each
// loads the scenario code once (bundled, threadBundle.ts: tens of ms; with --app, under tsx, about
// a second, since the user's views are TypeScript loaded at run time), then serves one search
// after another (pctServe.ts is the other side). Start-up, readiness and failure: threadPool.ts.
import { ThreadPool } from '../../parallel/threadPool';
import type { PctBlockMessage, PctReply, PctSearchMessage, PctWorkerData } from './pctServe';

export type BlockReply = Extract<PctReply, { type: 'block' }>;

export interface PoolListener {
  /** Thread `w` can take blocks (once, when it has loaded). */
  ready(w: number): void;
  /** Thread `w` answered a block of the current search. */
  block(w: number, reply: BlockReply): void;
}

export class PctPool {
  private readonly threads: ThreadPool<BlockReply>;
  private gen = 0;
  private listener: PoolListener | null = null;

  constructor(threads: number, appFile: string | null) {
    const data: PctWorkerData = { appFile };
    this.threads = new ThreadPool<BlockReply>(threads, () => ({ module: new URL('./pctServe.ts', import.meta.url), serve: 'servePct', data, bundle: appFile === null }), {
      ready: (w) => this.listener?.ready(w),
      message: (w, m) => {
        if (m.gen === this.gen) this.listener?.block(w, m);
      },
    });
  }

  get size(): number {
    return this.threads.size;
  }

  ready(w: number): boolean {
    return this.threads.ready(w);
  }

  /** Starts a search on every thread (a thread still loading takes it when it is up); gives its tag. */
  begin(search: Omit<PctSearchMessage, 'type' | 'gen'>, listener: PoolListener): number {
    const gen = ++this.gen;
    this.listener = listener;
    const m: PctSearchMessage = { type: 'search', gen, ...search };
    for (let w = 0; w < this.size; w++) this.threads.post(w, m);
    return gen;
  }

  send(w: number, from: number, to: number): void {
    this.threads.post(w, { type: 'block', gen: this.gen, from, to } satisfies PctBlockMessage);
  }

  /** Resolves at the next message from any thread. */
  next(): Promise<void> {
    return this.threads.next();
  }

  /** Resolves when every thread has loaded. */
  whenReady(): Promise<void> {
    return this.threads.whenReady();
  }

  /** Throws when a thread failed. */
  check(): void {
    this.threads.check();
  }

  close(): Promise<unknown> {
    this.listener = null;
    return this.threads.close();
  }
}
