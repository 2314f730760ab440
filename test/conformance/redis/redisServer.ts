// A throwaway redis-server for conformance tests, plus a minimal RESP2 client over node:net.
// The server listens on 127.0.0.1 on a port that was free a moment before (another one is tried
// when that port was taken meanwhile; the server that answers must be ours: its process_id),
// keeps nothing on disk (--save '' --appendonly no), and is stopped by its own pid. A missing redis-server is a
// failure with a clear message, never a skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { freePort } from '../freePort';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export type RespValue = string | number | null | RespValue[] | RespError;

export class RespError {
  constructor(readonly message: string) {}
}

/** Parses one RESP2 value from `buf` at `pos`; null when the buffer holds only part of it. */
function parse(buf: Buffer, pos: number): { value: RespValue; end: number } | null {
  const lineEnd = buf.indexOf('\r\n', pos);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('utf8', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buf.length < next + length + 2) return null;
      return { value: buf.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, at);
        if (!item) return null;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

export class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly waiting: ((value: RespValue) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const parsed = parse(this.buffer, 0);
        if (!parsed) break;
        this.buffer = this.buffer.subarray(parsed.end);
        this.waiting.shift()?.(parsed.value);
      }
    });
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one command; errors come back as RespError values, not rejections. */
  call(...args: (string | number)[]): Promise<RespValue> {
    const parts = [`*${args.length}\r\n`];
    for (const arg of args) {
      const s = String(arg);
      parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.socket.write(parts.join(''));
    });
  }

  close(): void {
    this.socket.end();
  }
}

export interface RedisServer {
  port: number;
  version: string;
  client: RespClient;
  stop(): Promise<void>;
}

/** `port` picks the port each attempt tries (a test hands it a taken one); a free one by default. */
export async function startRedisServer(options: { port?: (attempt: number) => Promise<number> } = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `redis-server not found at ${REDIS_SERVER}. Install it with: apt-get update && apt-get install -y redis-server (or set REDIS_SERVER).`,
    );
  }
  const version = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout.trim();
  for (let attempt = 1; ; attempt++) {
    const started = await startOn(await (options.port ?? freePort)(attempt), version);
    if (!('portTaken' in started)) return started;
    if (attempt === PORT_ATTEMPTS) throw new Error(`redis-server found its port taken ${PORT_ATTEMPTS} times in a row:\n${started.portTaken}`);
  }
}

/** Ports tried: one free a moment before can be taken by another process before redis-server binds it. */
const PORT_ATTEMPTS = 3;

async function startOn(port: number, version: string): Promise<RedisServer | { portTaken: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-redis-'));
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let client: RespClient | null = null;
  // Bounded wait for the server to accept connections (50 x 100 ms).
  for (let attempt = 0; attempt < 50 && !client; attempt++) {
    if (child.exitCode !== null) break;
    try {
      const c = await RespClient.connect(port);
      // Another Redis on the port would answer PING too: only ours will do.
      const info = (await c.call('PING')) === 'PONG' ? await c.call('INFO', 'server') : null;
      if (typeof info === 'string' && new RegExp(`^process_id:${child.pid}\\r?$`, 'm').test(info)) client = c;
      else {
        c.close();
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!client) {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    if (/Address already in use/.test(output)) return { portTaken: output };
    throw new Error(`redis-server did not start on port ${port}:\n${output}`);
  }
  const connected = client;
  return {
    port,
    version,
    client: connected,
    async stop() {
      connected.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
