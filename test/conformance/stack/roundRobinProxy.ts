// A strict round-robin HTTP proxy in front of the rig's Django workers: request n (counting every
// request, page and scripts included) goes to worker ((n - 1) mod W) + 1, as in the FACTS section 6
// measurement. With `staticElsewhere` it answers /static/ itself, like a CDN, and no worker sees
// those requests. It stamps each request with X-Request-N and logs where each one went.
//
// In the rig's gated mode (`order`) it also follows the model's schedule (and, given the model's
// routes, sends each request to the model's worker): a request is passed on
// only when every request the model's run received before it has been, and an answer is handed
// to the browser only when every answer the model delivered before it has been (and the page has
// had a moment to handle the last one). A request or answer the model's order does not have next
// for that long goes on first-come, and the proxy says so.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { RequestKind } from './observation';
import { cacheControlOf } from './feedHeaders';
import { requestKind } from './observation';

/** One request or answer of the model's run: whose, and what kind. */
export interface ScheduledExchange {
  user: string;
  kind: RequestKind;
}

export interface ProxyOrder {
  requests: ScheduledExchange[];
  responses: ScheduledExchange[];
  /** The user a request comes from (the rig's `uid` cookie). */
  userOf(req: IncomingMessage): string;
  /**
   * The worker of each request in the model's order, in place of round-robin: a counterexample
   * whose workers were the kernel's choice (deploy.routing=accept) routes as it did in the model.
   */
  routes?: number[];
}

/**
 * How long the head of the model's order may be missing while another request or answer waits.
 * A passing run never waits it out (any fallback is a divergence, which fails stack.test.ts), so
 * it is generous: on a loaded machine Chromium can take seconds to send its next request.
 */
const STALL_MS = 10_000;
/** Time the page gets to handle an answer before the next one is handed over. */
const ANSWER_GAP_MS = 40;

/** Releases items in a given order; one that is not next waits, at most STALL_MS while nothing moves. */
class InOrder {
  private next = 0;
  private readonly waiting: Array<{ key: string; go: () => void }> = [];
  private stall: NodeJS.Timeout | null = null;
  private busyUntil = 0;
  constructor(
    private readonly what: string,
    private readonly order: string[],
    private readonly gapMs: number,
    private readonly divergences: string[],
  ) {}
  get released(): number {
    return this.next;
  }
  add(key: string, go: () => void): void {
    this.waiting.push({ key, go });
    this.pump();
  }
  private pump(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = null;
    if (this.waiting.length === 0) return;
    const wait = this.busyUntil - Date.now();
    if (wait > 0) {
      this.stall = setTimeout(() => this.pump(), wait);
      return;
    }
    const k = this.waiting.findIndex((w) => w.key === this.order[this.next]);
    if (k >= 0) {
      this.next++;
      this.go(k);
      return;
    }
    this.stall = setTimeout(() => {
      this.divergences.push(`${this.what} ${this.next + 1}: the model's ${this.order[this.next] ?? '(none: the model had no more)'} did not come; ${this.waiting[0].key} went on instead`);
      this.go(0);
    }, STALL_MS);
  }
  private go(k: number): void {
    const [w] = this.waiting.splice(k, 1);
    this.busyUntil = Date.now() + this.gapMs;
    w.go();
    this.pump();
  }
  close(): void {
    if (this.stall) clearTimeout(this.stall);
    for (const w of this.waiting.splice(0)) w.go();
  }
}

export interface RoutedRequest {
  n: number;
  method: string;
  url: string;
  /** 0: answered by the proxy itself (static files served elsewhere). */
  worker: number;
  /** The worker's answer, once it came, and what its Cache-Control said. */
  status?: number;
  cacheControl?: string;
}

export interface RoundRobinProxy {
  port: number;
  log: RoutedRequest[];
  /** Requests received and not yet answered. */
  inFlight(): number;
  /** Gated mode: requests passed on and answers handed over so far, and where the real stack left the model's order. */
  passedOn(): number;
  handedOver(): number;
  divergences: string[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(workerPorts: number[], options: { staticElsewhere: boolean; scripts: Record<string, string>; order?: ProxyOrder }): Promise<RoundRobinProxy> {
  const log: RoutedRequest[] = [];
  let n = 0;
  let inFlight = 0;
  const divergences: string[] = [];
  const key = (e: ScheduledExchange) => `${e.user} ${e.kind}`;
  const order = options.order;
  const requests = new InOrder('request', order?.requests.map(key) ?? [], 0, divergences);
  const answers = new InOrder('answer', order?.responses.map(key) ?? [], ANSWER_GAP_MS, divergences);
  const server: Server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    const url = req.url ?? '/';
    if (!order || (options.staticElsewhere && url.startsWith('/static/'))) {
      pass(req, res, url, (go) => go());
      return;
    }
    const who = key({ user: order.userOf(req), kind: requestKind(url) });
    requests.add(who, () => pass(req, res, url, (go) => answers.add(who, go)));
  });
  const pass = (req: IncomingMessage, res: import('node:http').ServerResponse, url: string, answer: (go: () => void) => void) => {
    if (options.staticElsewhere && url.startsWith('/static/')) {
      const name = url.slice('/static/'.length);
      log.push({ n: 0, method: req.method ?? 'GET', url, worker: 0 });
      if (!(name in options.scripts)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'public, max-age=31536000, immutable' });
      res.end(readFileSync(options.scripts[name]));
      return;
    }
    n++;
    const worker = order?.routes?.[n - 1] ?? ((n - 1) % workerPorts.length) + 1;
    const entry: RoutedRequest = { n, method: req.method ?? 'GET', url, worker };
    log.push(entry);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: workerPorts[worker - 1], method: req.method, path: url, headers: { ...req.headers, 'x-request-n': String(n), connection: 'close' } },
      (up) => {
        entry.status = up.statusCode;
        entry.cacheControl = cacheControlOf(up.headers['cache-control']);
        // The whole answer is read before it is handed over, so its turn decides when the page sees it.
        const chunks: Buffer[] = [];
        up.on('data', (d: Buffer) => chunks.push(d));
        up.on('end', () =>
          answer(() => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(chunks));
          }),
        );
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502).end(String(e));
    });
    req.pipe(upstream);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    log,
    inFlight: () => inFlight,
    passedOn: () => requests.released,
    handedOver: () => answers.released,
    divergences,
    close: () =>
      new Promise<void>((resolve) => {
        requests.close();
        answers.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
