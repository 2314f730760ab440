// A strict round-robin HTTP proxy in front of the rig's Django workers: request n (counting every
// request, page and scripts included) goes to worker ((n - 1) mod W) + 1, as in the FACTS section 6
// measurement. With `staticElsewhere` it answers /static/ itself, like a CDN, and no worker sees
// those requests. It stamps each request with X-Request-N and logs where each one went.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';

export interface RoutedRequest {
  n: number;
  method: string;
  url: string;
  /** 0: answered by the proxy itself (static files served elsewhere). */
  worker: number;
}

export interface RoundRobinProxy {
  port: number;
  log: RoutedRequest[];
  /** Requests received and not yet answered. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(workerPorts: number[], options: { staticElsewhere: boolean; scripts: Record<string, string> }): Promise<RoundRobinProxy> {
  const log: RoutedRequest[] = [];
  let n = 0;
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    const url = req.url ?? '/';
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
    const worker = ((n - 1) % workerPorts.length) + 1;
    log.push({ n, method: req.method ?? 'GET', url, worker });
    const upstream = httpRequest(
      { host: '127.0.0.1', port: workerPorts[worker - 1], method: req.method, path: url, headers: { ...req.headers, 'x-request-n': String(n), connection: 'close' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502).end(String(e));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    log,
    inFlight: () => inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
