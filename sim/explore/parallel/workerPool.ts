// The workers of `explore --workers N` (threads or processes), and the messages to and from them:
// each chunk carries the fingerprints merged since the last chunk that worker got, so that each
// worker's copy of the visited set grows by what it has not seen (workerServe.ts is the other
// side). Start-up, readiness and failure: threadPool.ts and processPool.ts.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ThreadPool } from '../../parallel/threadPool';
import { ProcessPool } from '../../parallel/processPool';
import { replyError } from '../../parallel/threadServe';
import type { RunRecord, ScheduleRef } from './scheduleRunner';
import type { VisitedLog } from './visitedLog';
import type { Pending } from '../expand';
import type { AdoptMessage, ChunkMessage, RerunMessage, WorkerReply, WorkerSetup } from './workerServe';

interface Waiting {
  resolve: (records: RunRecord[]) => void;
  reject: (e: Error) => void;
}

type RecordsReply = Extract<WorkerReply, { type: 'records' | 'record' }>;

/** Where the workers run: threads of this process, or processes of their own. */
export type WorkerKind = 'threads' | 'processes';

export class WorkerPool {
  private readonly pool: ThreadPool<RecordsReply> | ProcessPool<RecordsReply>;
  private readonly sent: number[] = [];
  /** Fingerprints (in words of the log) a worker has certainly taken in: those of the chunks it has answered. */
  private readonly applied: number[] = [];
  private readonly chunkCursor = new Map<number, { w: number; to: number }>();
  private readonly urgent: MessagePort[] = [];
  private rerunWaiting: Waiting | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private failure: Error | null = null;
  private nextChunk = 0;

  constructor(count: number, setup: Omit<WorkerSetup, 'id' | 'urgent'>, kind: WorkerKind = 'threads') {
    const handlers = { message: (_w: number, m: RecordsReply) => this.receive(m), failed: (e: Error) => this.fail(e) };
    if (kind === 'processes') {
      this.pool = new ProcessPool<RecordsReply>(count, (w) => {
        this.sent.push(0);
        this.applied.push(0);
        // A board is shared memory, which a process cannot have: a process posts no heap.
        const data: WorkerSetup = { ...setup, id: w + 1, urgent: null, heapBoard: null };
        return { module: new URL('./workerServe.ts', import.meta.url), serve: 'serveSchedules', data, bundle: setup.appFile === null };
      }, handlers);
      return;
    }
    this.pool = new ThreadPool<RecordsReply>(
      count,
      (w) => {
        // Ids from 1: the main thread's own runner is 0.
        const { port1, port2 } = new MessageChannel();
        // A thread answers a rerun on this port (a process on its one channel): receive() takes both.
        port1.on('message', (m: WorkerReply) => {
          if (m.type === 'record') this.receive(m);
          else if (m.type === 'error') this.fail(replyError(m));
        });
        this.urgent.push(port1);
        this.sent.push(0);
        this.applied.push(0);
        const data: WorkerSetup = { ...setup, id: w + 1, urgent: port2 };
        // Bundled (threadBundle.ts) unless --app's TypeScript must be loaded in the thread by tsx.
        return { module: new URL('./workerServe.ts', import.meta.url), serve: 'serveSchedules', data, transferList: [port2], bundle: setup.appFile === null };
      },
      handlers,
    );
  }

  get size(): number {
    return this.pool.size;
  }

  /** Every worker has loaded the scenario and can take chunks. */
  get ready(): boolean {
    return this.pool.allReady && this.failure === null;
  }

  /** The owner id of worker `w` (0-based), as its runner stores boundaries. */
  ownerOf(w: number): number {
    return w + 1;
  }

  /** Sends worker `w` (0-based) a chunk of schedules; resolves to one record each, in order. */
  submit(w: number, level: number, schedules: ScheduleRef[], visited: VisitedLog): Promise<RunRecord[]> {
    if (this.failure) return Promise.reject(this.failure);
    const chunk = this.nextChunk++;
    const { words, to } = visited.since(this.sent[w]);
    this.sent[w] = to;
    this.chunkCursor.set(chunk, { w, to });
    const message: ChunkMessage = { type: 'chunk', chunk, level, visited: words, schedules };
    return new Promise<RunRecord[]>((resolve, reject) => {
      this.waiting.set(chunk, { resolve, reject });
      this.pool.post(w, message, [words.buffer as ArrayBuffer]);
    });
  }

  /** Hands worker `w` schedules of `level` this thread stores, in one message, for chunks to name by key (workerServe.ts: AdoptMessage). */
  adopt(w: number, level: number, keys: number[], schedules: Pending[]): void {
    if (this.failure) return;
    const message: AdoptMessage = { type: 'adopt', level, keys, schedules };
    this.pool.post(w, message);
  }

  /** Has worker `w` run one schedule again, exactly (against the whole visited set); one at a time. */
  rerun(w: number, level: number, schedule: ScheduleRef, visited: VisitedLog, maxStates: number): Promise<RunRecord> {
    if (this.failure) return Promise.reject(this.failure);
    // Chunks sent but not yet begun carry fingerprints the worker has not taken in: send all since the last it answered.
    const { words, to } = visited.since(this.applied[w]);
    this.applied[w] = Math.max(this.applied[w], to);
    const message: RerunMessage = { type: 'rerun', level, visited: words, size: visited.size, maxStates, schedule };
    return new Promise<RunRecord[]>((resolve, reject) => {
      this.rerunWaiting = { resolve, reject };
      if (this.urgent.length) this.urgent[w].postMessage(message, [words.buffer as ArrayBuffer]);
      else this.pool.post(w, message);
    }).then((r) => r[0]);
  }

  private receive(m: RecordsReply): void {
    if (m.type === 'record') {
      const waiting = this.rerunWaiting;
      this.rerunWaiting = null;
      waiting?.resolve([m.record]);
      return;
    }
    const w = this.waiting.get(m.chunk);
    this.waiting.delete(m.chunk);
    const c = this.chunkCursor.get(m.chunk)!;
    this.chunkCursor.delete(m.chunk);
    this.applied[c.w] = Math.max(this.applied[c.w], c.to);
    w?.resolve(m.records);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
    this.rerunWaiting?.reject(e);
    this.rerunWaiting = null;
  }

  /** Rejects when a worker failed (a chunk not yet sent would otherwise never fail). */
  check(): void {
    if (this.failure) throw this.failure;
  }

  close(): Promise<unknown> {
    for (const port of this.urgent) port.close();
    return this.pool.close();
  }
}
