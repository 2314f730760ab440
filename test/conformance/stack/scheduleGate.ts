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

export async function startScheduleGate(expected: ScheduledOp[], stallMs = STALL_MS): Promise<ScheduleGate> {
  const ran: ScheduledOp[] = [];
  const divergences: string[] = [];
  const waiting: Array<ScheduledOp & { res: ServerResponse }> = [];
  let next = 0;
  let running = false;
  let stall: NodeJS.Timeout | null = null;

  const release = (k: number) => {
    const [op] = waiting.splice(k, 1);
    running = true;
    ran.push({ worker: op.worker, kind: op.kind });
    op.res.end('go');
  };
  const pump = () => {
    if (stall) clearTimeout(stall);
    stall = null;
    if (running || waiting.length === 0) return;
    const head = expected[next];
    const k = head ? waiting.findIndex((w) => w.worker === head.worker) : -1;
    if (k >= 0) {
      if (waiting[k].kind !== head.kind) divergences.push(`operation ${next + 1}: the model ran a ${head.kind} operation on worker ${head.worker}, the real worker a ${waiting[k].kind} one`);
      next++;
      release(k);
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
    if (url.pathname === '/done') running = false;
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
