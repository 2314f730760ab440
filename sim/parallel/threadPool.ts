// N worker threads that each load one serving module and then speak its protocol: the part the
// thread pools of `check --workers` (sim/check/parallel/pctPool.ts) and `explore --workers`
// (sim/explore/parallel/workerPool.ts) share. It starts the threads; poolMembers.ts counts them
// ready and turns any failure (an error a thread reports, an uncaught one, a thread that stops
// before close) into one error that every waiter gets at once.
import { Worker, type TransferListItem } from 'node:worker_threads';
import { PoolMembers, type ThreadHandlers, type ThreadStart } from './poolMembers';
import { bundledModule } from './threadBundle';
import type { ThreadReply } from './threadServe';

const threadMain = new URL('./threadMain.mjs', import.meta.url);

export class ThreadPool<R> extends PoolMembers<R> {
  private readonly threads: Worker[] = [];

  constructor(count: number, start: (w: number) => ThreadStart, handlers: ThreadHandlers<R>) {
    super(handlers);
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
      this.added();
    }
  }

  get size(): number {
    return this.threads.length;
  }

  post(w: number, message: unknown, transferList?: TransferListItem[]): void {
    this.threads[w].postMessage(message, transferList);
  }

  close(): Promise<unknown> {
    this.closing = true;
    return Promise.all(this.threads.map((t) => t.terminate()));
  }
}
