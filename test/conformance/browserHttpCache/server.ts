// The suite's own HTTP server on 127.0.0.1 (random free port): serves the page that runs fetch()
// sequences, and answers each sequence path with the headers the test set for the current step,
// logging every request that reaches it (that is what the browser cache did not absorb).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpResponseRecord } from '../../../src/layers/browserHttpCache';
import { answer, secondAligned, type HeaderVariant, type PathState } from './variants';

export interface LoggedRequest {
  /** Wall ms when the server answered. */
  atMs: number;
  /** If-None-Match / If-Modified-Since as received. */
  conditionalHeaders: Record<string, string>;
  /** Every request header as received (lowercase), to see what the browser added. */
  requestHeaders: Record<string, string>;
  response: HttpResponseRecord;
}

interface PathRecord {
  state: PathState;
  variant: HeaderVariant;
  log: LoggedRequest[];
  serial: number;
}

export interface ConformanceServer {
  origin: string;
  /** Create a path (or change what it answers next). */
  setVariant(path: string, variant: HeaderVariant): void;
  pathState(path: string): PathState;
  log(path: string): LoggedRequest[];
  /** Requests to sequence paths no test registered: must stay empty. */
  strays: string[];
  close(): Promise<void>;
}

const PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>browserHttpCache conformance</title><p>fetch() runner</p>';

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

export async function startConformanceServer(): Promise<ConformanceServer> {
  const paths = new Map<string, PathRecord>();
  const strays: string[] = [];
  let nextEtag = 1;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      // The page itself must never come from the cache or influence it.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE);
      return;
    }
    const record = paths.get(url.pathname);
    if (record === undefined) {
      if (url.pathname.startsWith('/seq/')) strays.push(url.pathname);
      res.writeHead(404, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    const requestHeaders = headersOf(req);
    const conditionalHeaders: Record<string, string> = {};
    for (const name of ['if-none-match', 'if-modified-since']) {
      const value = requestHeaders[name];
      if (value !== undefined) conditionalHeaders[name] = value;
    }
    const nowMs = Date.now();
    const response = answer(record.variant, requestHeaders, record.state, secondAligned(nowMs), record.serial + 1);
    if (response.status === 200) record.serial++;
    record.log.push({ atMs: nowMs, conditionalHeaders, requestHeaders, response });
    // sendDate false: the Date header is the variant's (second-aligned, or skewed on purpose).
    res.sendDate = false;
    res.writeHead(response.status, response.headers);
    res.end(response.status === 200 ? JSON.stringify(response.body) : undefined);
  });
  // keepAlive sockets would otherwise hold close() open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function record(path: string): PathRecord {
    const found = paths.get(path);
    if (found === undefined) throw new Error(`unknown path ${path}`);
    return found;
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    setVariant(path, variant) {
      const found = paths.get(path);
      if (found !== undefined) found.variant = variant;
      else {
        const state: PathState = { etag: `"v${nextEtag++}"`, createdMs: secondAligned(Date.now()) };
        paths.set(path, { state, variant, log: [], serial: 0 });
      }
    },
    pathState: (path) => record(path).state,
    log: (path) => record(path).log,
    strays,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
