// What threadPool.ts and processPool.ts share: counting their members (threads or child
// processes) ready, routing each member's messages ('ready', 'error', or the serving module's own
// protocol), and turning the first failure into one error that every waiter gets at once, so no
// search waits forever on a dead member.
import type { TransferListItem } from 'node:worker_threads';
import { replyError, type ThreadReply } from './threadServe';

/** What a member (a thread or a child process) starts with. */
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

/** What a pool's owner hears from its members. */
export interface ThreadHandlers<R> {
  /** A reply of the module's own protocol (not 'ready' nor 'error'). */
  message(w: number, reply: R): void;
  /** Thread `w` has loaded its module and takes work. */
  ready?(w: number): void;
  /** The first failure: reject whatever waits on a thread. */
  failed?(error: Error): void;
}

export abstract class PoolMembers<R> {
  private readonly isReady: boolean[] = [];
  private readyCount = 0;
  private failure: Error | null = null;
  /** Set by close(): a member that stops from then on is not a failure. */
  protected closing = false;
  /** Woken at every message or failure (whenReady, and pools that wait for "any answer"). */
  private wakers: Array<() => void> = [];

  protected constructor(private readonly handlers: ThreadHandlers<R>) {}

  /** Members started so far. */
  abstract get size(): number;

  /** Counts a member just started (not ready until it says so). */
  protected added(): void {
    this.isReady.push(false);
  }

  ready(w: number): boolean {
    return this.isReady[w];
  }

  /** Every member has loaded its module, and none failed. */
  get allReady(): boolean {
    return this.readyCount === this.size && this.failure === null;
  }

  /** Throws the first failure, if any. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves at the next message from any member (or failure: then check() throws). */
  next(): Promise<void> {
    this.check();
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  /** Resolves when every member has loaded; rejects when one failed first. */
  async whenReady(): Promise<void> {
    while (!this.allReady) await this.next();
  }

  protected receive(w: number, m: R | ThreadReply): void {
    const t = (m as { type?: unknown }).type;
    if (t === 'ready') {
      this.isReady[w] = true;
      this.readyCount++;
      this.handlers.ready?.(w);
    } else if (t === 'error') {
      this.fail(replyError(m as Extract<ThreadReply, { type: 'error' }>));
    } else this.handlers.message(w, m as R);
    this.wake();
  }

  protected fail(e: Error): void {
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
}
