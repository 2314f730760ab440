// A throwaway PostgreSQL server for conformance tests: initdb in a fresh temporary data directory,
// `postgres` listening on 127.0.0.1 on a port that was free a moment before (and on a Unix socket
// inside the data directory, never the system's), stopped by its own pid (SIGINT: fast shutdown).
// Readiness is asked on that private socket, which only our server can hold; postgres creates it
// after binding the TCP port, so a port taken meanwhile shows as our server's exit, and then
// another port is tried.
// PostgreSQL refuses to run as root; CI runs as root, so there both programs run as the Debian
// `postgres` user through setpriv, which execs (the pid we hold is the server's own).
// A missing PostgreSQL is a failure with a clear message, never a skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from '../freePort';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) {
    throw new Error('PostgreSQL not found under /usr/lib/postgresql. Install it with: apt-get update && apt-get install -y postgresql python3-psycopg2 (or set POSTGRES_BIN).');
  }
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** As root: the uid/gid of the `postgres` account, to run initdb and the server as; otherwise null. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as (apt-get install -y postgresql creates it)');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function command(bin: string, args: string[], as: { uid: number; gid: number } | null): [string, string[]] {
  if (!as) return [bin, args];
  return ['setpriv', [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', '--', bin, ...args]];
}

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  version: string;
  stop(): Promise<void>;
}

/** Ports tried: one free a moment before can be taken by another process before postgres binds it. */
const PORT_ATTEMPTS = 3;

/** `port` picks the port each attempt tries (a test hands it a taken one); a free one by default. */
export async function startPostgres(options: { port?: (attempt: number) => Promise<number> } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const as = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-postgres-'));
  if (as) chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const [initCmd, initArgs] = command(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], as);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (status ${init.status}): ${init.error?.message ?? ''}${init.stderr}`);
  }
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  for (let attempt = 1; ; attempt++) {
    const started = await startOn(await (options.port ?? freePort)(attempt), { bin, as, dir, data, version });
    if (!('portTaken' in started)) return started;
    if (attempt === PORT_ATTEMPTS) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`postgres found its port taken ${PORT_ATTEMPTS} times in a row:\n${started.portTaken}`);
    }
  }
}

async function startOn(
  port: number,
  { bin, as, dir, data, version }: { bin: string; as: { uid: number; gid: number } | null; dir: string; data: string; version: string },
): Promise<PostgresServer | { portTaken: string }> {
  const [cmd, args] = command(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    as,
  );
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready = false;
  // Bounded wait for the server to accept connections (100 x 100 ms).
  for (let attempt = 0; attempt < 100 && !ready && child.exitCode === null; attempt++) {
    ready = spawnSync(join(bin, 'pg_isready'), ['-h', dir, '-p', String(port), '-U', 'postgres'], { encoding: 'utf8' }).status === 0;
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    if (child.exitCode === null) child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode !== null && /Address already in use/.test(output)) return { portTaken: output };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`postgres did not start on port ${port}:\n${output}`);
  }
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    version,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
