// The rig's gated mode, worker side: every real worker asks this server for its turn before each
// operation on shared state (schedule_gate.py) and says when it is done. Operations run one at a
// time, in the order the model's nominal run performed them, so concurrent requests interleave on
// the real stack exactly as in the model. When the real stack asks for an operation the model's
// order does not have next for that long, the server lets the waiting ones run first-come and
// says so (a divergence), so a disagreement shows in the comparison instead of a hang.
import { createServer, type ServerResponse } from 'node:http';

export interface ScheduledOp {
  worker: number;
  kind: 'cache' | 'db';
  /**
   * A statement the model has wait for another transaction's lock (a PostgreSQL row lock, SQLite's
   * write lock): on the real stack it blocks in the database until that transaction ends, so the
   * order goes on without waiting for it to finish.
   */
  blocks?: boolean;
}

export interface ScheduleGate {
  port: number;
  /** Operations as the real workers ran them, in order. */
  ran: ScheduledOp[];
  divergences: string[];
  close(): Promise<void>;
}

/**
 * How long the head of the model's order may be missing while another worker waits. A passing
 * run never waits it out (any fallback is a divergence, which fails stack.test.ts), so it is
 * generous: on a loaded machine a worker can take seconds to reach its next operation.
 */
export const STALL_MS = 10_000;

/**
 * How long a statement that blocks (ScheduledOp.blocks) is given to reach the database and take
 * its place in the lock's queue before the next operation runs: the one that ends the transaction
 * it waits for must not commit before it is sent.
 */
export const BLOCK_SETTLE_MS = 300;

export async function startScheduleGate(expected: ScheduledOp[], stallMs = STALL_MS): Promise<ScheduleGate> {
  const ran: ScheduledOp[] = [];
  const divergences: string[] = [];
  const waiting: Array<ScheduledOp & { res: ServerResponse }> = [];
  let next = 0;
  // The worker whose operation is running, or null; a blocked statement's worker is not it.
  let holder: number | null = null;
  let settling = false;
  let stall: NodeJS.Timeout | null = null;

  const release = (k: number, blocks = false) => {
    const [op] = waiting.splice(k, 1);
    ran.push({ worker: op.worker, kind: op.kind });
    op.res.end('go');
    if (!blocks) {
      holder = op.worker;
      return;
    }
    // Its "done" comes once the lock is free, after operations later in the order: not waited for.
    settling = true;
    setTimeout(() => {
      settling = false;
      pump();
    }, BLOCK_SETTLE_MS);
  };
  const pump = () => {
    if (stall) clearTimeout(stall);
    stall = null;
    if (holder !== null || settling || waiting.length === 0) return;
    const head = expected[next];
    const k = head ? waiting.findIndex((w) => w.worker === head.worker) : -1;
    if (k >= 0) {
      if (waiting[k].kind !== head.kind) divergences.push(`operation ${next + 1}: the model ran a ${head.kind} operation on worker ${head.worker}, the real worker a ${waiting[k].kind} one`);
      next++;
      release(k, head.blocks === true);
      return;
    }
    stall = setTimeout(() => {
      const why = head ? `the model's operation ${next + 1} (${head.kind} on worker ${head.worker}) did not come` : `the model ran ${expected.length} operations, the real stack more`;
      divergences.push(`${why}; worker ${waiting[0].worker}'s ${waiting[0].kind} operation ran instead`);
      release(0);
    }, stallMs);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gate');
    const worker = Number(url.searchParams.get('worker'));
    const kind = url.searchParams.get('kind') === 'db' ? 'db' : 'cache';
    if (url.pathname === '/gate') {
      waiting.push({ worker, kind, res });
      pump();
      return;
    }
    if (url.pathname === '/done' && holder === worker) holder = null;
    res.end('ok');
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    ran,
    divergences,
    close: () =>
      new Promise<void>((resolve) => {
        if (stall) clearTimeout(stall);
        for (const w of waiting.splice(0)) w.res.end('go');
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
