// N child processes that each load one serving module and then speak its protocol: threadPool.ts's
// pool with processes in place of worker threads, which share their process's V8 platform (the
// collector's and compiler's helper threads); processes share nothing but the machine. (On this
// project's 2-core machine they did not make `explore --workers 2` faster than threads did:
// docs/sharding.md.) Each child is forked with V8's serializer on its channel
// (serialization 'advanced': typed arrays and Maps arrive as they left, as with threads), loads the
// same bundle a thread would (threadBundle.ts), and exits when its channel to this process closes
// (processMain.mjs), so none outlives its parent, however the parent ends.
import { fork, type ChildProcess } from 'node:child_process';
import { PoolMembers, type ThreadHandlers, type ThreadStart } from './poolMembers';
import { bundledModule } from './threadBundle';
import type { ThreadReply } from './threadServe';

const processMain = new URL('./processMain.mjs', import.meta.url);

/** Children still running, killed if this process exits without closing their pool. */
const LIVE = new Set<ChildProcess>();
let exitHookSet = false;

function killOnExit(child: ChildProcess): void {
  LIVE.add(child);
  child.once('exit', () => LIVE.delete(child));
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const c of LIVE) c.kill();
  });
}

export class ProcessPool<R> extends PoolMembers<R> {
  private readonly children: ChildProcess[] = [];

  constructor(count: number, start: (w: number) => ThreadStart, handlers: ThreadHandlers<R>) {
    super(handlers);
    for (let w = 0; w < count; w++) {
      const { module, serve, data, bundle } = start(w);
      const bundled = bundle ? bundledModule(module) : null;
      // A bundled module needs no tsx: the child starts plain (processMain.mjs registers tsx otherwise).
      const child = fork(processMain, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      killOnExit(child);
      child.on('message', (m: R | ThreadReply) => this.receive(w, m));
      child.on('error', (e) => this.fail(e));
      child.on('exit', (code, signal) => {
        if (!this.closing) this.fail(new Error(`worker process ${w + 1} of ${count} stopped (${signal ?? `exit code ${code}`}) before the search was over`));
      });
      child.send({ module: (bundled ?? module).href, plain: bundled !== null, serve, data });
      this.children.push(child);
      this.added();
    }
  }

  get size(): number {
    return this.children.length;
  }

  /** The children's process ids (tests check that none outlives the pool or its parent). */
  get pids(): number[] {
    return this.children.map((c) => c.pid ?? -1);
  }

  /** Sends a message to child `w` (a transfer list means nothing between processes: everything is copied). */
  post(w: number, message: unknown): void {
    this.children[w].send(message as object);
  }

  /** Ends every child (closing its channel: it exits at its next turn of the event loop) and resolves when all have exited. */
  close(): Promise<unknown> {
    this.closing = true;
    return Promise.all(
      this.children.map((c) =>
        c.exitCode !== null || c.signalCode !== null
          ? undefined
          : new Promise<void>((resolve) => {
              c.once('exit', () => resolve());
              if (c.connected) c.disconnect();
              else c.kill();
            }),
      ),
    );
  }
}
