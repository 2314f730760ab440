// The throwaway PostgreSQL's port: one free a moment before can be taken before postgres binds it
// (other test files and jobs start servers too). Shown with a real port held by another real
// PostgreSQL: the start tries another port, and the server clients then reach on 127.0.0.1 is the
// new one, not the one already there.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DJANGO_PYTHON } from './django/runDjango';
import { startPostgres, type PostgresServer } from './postgres/postgresServer';
import { takenThenFree } from './portTakenOnce';

const started: PostgresServer[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

/** The data directory of the server that answers on 127.0.0.1:port (as Django and the rig connect). */
function dataDirectoryAt(port: number): string {
  const query = `import psycopg2; c=psycopg2.connect(host='127.0.0.1', port=${port}, user='postgres', dbname='postgres'); cur=c.cursor(); cur.execute('SHOW data_directory'); print(cur.fetchone()[0])`;
  const run = spawnSync(DJANGO_PYTHON, ['-c', query], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`could not ask port ${port}: ${run.stderr}`);
  return run.stdout.trim();
}

describe('PostgreSQL on a port that was taken meanwhile', () => {
  it('tries another port, and 127.0.0.1 on the port it reports reaches its own server', { timeout: 60_000 }, async () => {
    const other = await startPostgres();
    started.push(other);
    const tried: number[] = [];
    const ours = await startPostgres({ port: takenThenFree(other.port, tried) });
    started.push(ours);
    expect(tried).toHaveLength(2);
    expect(tried[0]).toBe(other.port);
    expect(ours.port).toBe(tried[1]);
    expect(dataDirectoryAt(ours.port)).not.toBe(dataDirectoryAt(other.port));
  });
});
