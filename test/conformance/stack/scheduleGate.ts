// The rig's gated mode, worker side: every real worker asks this server for its turn before each
// operation on shared state (schedule_gate.py) and says when it is done. Operations run one at a
// time, in the order the model's nominal run performed them, so concurrent requests interleave on
// the real stack exactly as in the model. When the real stack asks for an operation the model's
// order does not have next for that long, the server lets the waiting ones run first-come and
// says so (a divergence), so a disagreement shows in the comparison instead of a hang.
import { createServer, type ServerResponse } from 'node:http';
import { requestOpsDiffer, sameLines, type NamedOp } from './requestOps';

export interface ScheduledOp {
  worker: number;
  kind: 'cache' | 'db';
  /**
   * A statement the model has wait for another transaction's lock (a PostgreSQL row lock, SQLite's
   * write lock): on the real stack it blocks in the database until that transaction ends, so the
   * order goes on without waiting for it to finish.
   */
  blocks?: boolean;
  /** The request it is part of (the proxy's X-Request-N) and what it is (`cache.get <key>`, `DELETE`): for messages, and to tell a real view's extra or missing operations. */
  request?: number;
  what?: string;
}

/** The views by the request kind a worker sends. */
const VIEW_OF: Record<string, string> = { feed: 'work_items_calendar_feed', delete: 'work_item_delete', create: 'work_item_create', edit: 'work_item_update' };

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
  const waiting: Array<ScheduledOp & { request: number; what: string; view: string; res: ServerResponse }> = [];
  // Per request (when the order says which): what the model's view did and what the real one has
  // run; a request whose real operations part from the model's is said once, where they part.
  const perRequest = expected.some((o) => o.request !== undefined);
  const modelOps = new Map<number, NamedOp[]>();
  for (const o of expected) if (o.request !== undefined) modelOps.set(o.request, [...(modelOps.get(o.request) ?? []), { kind: o.kind, what: o.what ?? '' }]);
  const realOps = new Map<number, NamedOp[]>();
  const workerOf = new Map<number, number>();
  const ended = new Set<number>();
  const viewOf = new Map<number, string>();
  let next = 0;
  // The worker whose operation is running, or null; a blocked statement's worker is not it.
  let holder: number | null = null;
  let settling = false;
  let stall: NodeJS.Timeout | null = null;

  const release = (k: number, blocks = false) => {
    const [op] = waiting.splice(k, 1);
    ran.push({ worker: op.worker, kind: op.kind });
    if (perRequest) realOps.set(op.request, [...(realOps.get(op.request) ?? []), { kind: op.kind, what: op.what }]);
    workerOf.set(op.request, op.worker);
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
    if (holder !== null || settling) return;
    // The model's operations of a request the real view has answered without making never come: skipped.
    while (expected[next]?.request !== undefined && ended.has(expected[next].request!)) next++;
    if (waiting.length === 0) return;
    // An operation the model's view did not make (the request has run as many as the model's): it
    // runs at once, outside the order, so a view that makes more calls than its twin does not stall.
    const extra = perRequest ? waiting.findIndex((w) => (realOps.get(w.request)?.length ?? 0) >= (modelOps.get(w.request)?.length ?? 0)) : -1;
    if (extra >= 0) {
      release(extra);
      return;
    }
    const head = expected[next];
    const k = head ? waiting.findIndex((w) => w.worker === head.worker) : -1;
    if (k >= 0) {
      // Within one request the place they part is said once that request answers (requestOpsDiffer).
      if (waiting[k].kind !== head.kind && !(head.request !== undefined && head.request === waiting[k].request))
        divergences.push(
          `operation ${next + 1}: the model ran a ${head.kind} operation on worker ${head.worker}${head.what ? ` (${head.what}, request ${head.request})` : ''}, the real worker a ${waiting[k].kind} one${waiting[k].what ? ` (${waiting[k].what}, request ${waiting[k].request})` : ''}`,
        );
      next++;
      release(k, head.blocks === true);
      return;
    }
    stall = setTimeout(() => {
      const why = head ? `the model's operation ${next + 1} (${head.what ?? head.kind} on worker ${head.worker}${head.request ? `, request ${head.request}` : ''}) did not come` : `the model ran ${expected.length} operations, the real stack more`;
      divergences.push(`${why}; worker ${waiting[0].worker}'s ${waiting[0].what || waiting[0].kind} operation ran instead`);
      release(0);
    }, stallMs);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gate');
    const worker = Number(url.searchParams.get('worker'));
    const kind = url.searchParams.get('kind') === 'db' ? 'db' : 'cache';
    const request = Number(url.searchParams.get('n'));
    const view = VIEW_OF[url.searchParams.get('view') ?? ''];
    if (view) viewOf.set(request, view);
    if (url.pathname === '/gate') {
      waiting.push({ worker, kind, request, what: url.searchParams.get('what') ?? '', view: view ?? '', res });
      pump();
      return;
    }
    // The request's view has answered: the model's operations of it still to come never will.
    if (url.pathname === '/end') ended.add(request);
    if (url.pathname === '/gate' || url.pathname === '/done') workerOf.set(request, worker);
    if (url.pathname === '/done' && holder === worker) holder = null;
    res.end('ok');
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    ran,
    // The order's own divergences, then each request whose operations parted from the model's.
    get divergences() {
      const requests = [...new Set([...modelOps.keys(), ...realOps.keys()])].sort((a, b) => a - b);
      // A request still running (the run could not finish) is said only once it has left the model's operations.
      const stillOn = (n: number) => !ended.has(n) && (realOps.get(n) ?? []).every((o, i) => modelOps.get(n)?.[i]?.kind === o.kind);
      const parted = requests
        .filter((n) => !stillOn(n))
        .map((n) => ({ request: n, worker: workerOf.get(n) ?? 0, view: viewOf.get(n) ?? '', line: requestOpsDiffer(modelOps.get(n) ?? [], realOps.get(n) ?? []) }))
        .filter((p): p is typeof p & { line: string } => p.line !== null);
      return [...divergences, ...sameLines(parted)];
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (stall) clearTimeout(stall);
        for (const w of waiting.splice(0)) w.res.end('go');
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
