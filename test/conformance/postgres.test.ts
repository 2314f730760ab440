// Conformance of the database layer (src/layers/database.ts) with real databases behind real
// Django: PostgreSQL 15 (Debian postgresql, psycopg2), started here in its own data directory on a
// free local port, and SQLite in WAL mode. Two transactions and an autocommit connection run
// interleaved statements (the feed's query, get_object_or_404, delete, the version counter's read
// and UPDATE value = value + 1); every answer is compared, including which statements wait for a
// lock and what they answer once the lock holder has committed or rolled back (FACTS section 4).
// Hand-written cases first, then fast-check sequences (seed in the title).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseEngine } from '../../src/layers/database';
import { canonical } from './django/cacheOps';
import { djangoVersion, runDjangoDriver } from './django/runDjango';
import { startPostgres, type PostgresServer } from './postgres/postgresServer';
import { commitRaceByEngine } from './postgres/commitRaceByEngine';
import { ITEMS, QUERY, modelLog, statementsArb, type LogEntry, type StatementStep } from './postgres/statements';
import { ConformanceRecorder } from './report';

const SEED = 20251014;
const GENERATED = 120;
const X = 'wi-oct-review';
const KEY = 'calendar_feed_version';

const st = (actor: StatementStep['actor'], action: StatementStep['action'], arg: Partial<StatementStep> = {}): StatementStep => ({ actor, action, ...arg });
const q = (actor: StatementStep['actor']) => st(actor, 'query', { query: QUERY });
const END = [q('A'), st('A', 'getVersion', { key: KEY })];

export const HANDPICKED: { name: string; steps: StatementStep[] }[] = [
  {
    name: 'READ COMMITTED: a second query of an open transaction sees a commit made between its statements',
    steps: [st('T1', 'begin'), q('T1'), st('A', 'delete', { uuid: X }), q('T1'), st('T1', 'commit'), ...END],
  },
  {
    name: 'a delete waits for the transaction that deleted the row, then finds nothing to delete',
    steps: [st('T1', 'begin'), st('T1', 'delete', { uuid: X }), st('T2', 'begin'), st('T2', 'get', { uuid: X }), st('T2', 'delete', { uuid: X }), st('T1', 'commit'), st('T2', 'commit'), ...END],
  },
  {
    name: 'a delete with no read before it waits, then re-checks the row',
    steps: [st('T1', 'begin'), st('T1', 'delete', { uuid: X }), st('T2', 'begin'), st('T2', 'delete', { uuid: X }), st('T1', 'commit'), st('T2', 'commit'), ...END],
  },
  {
    name: 'the lock holder rolls back: the waiting delete deletes the row',
    steps: [st('T1', 'begin'), st('T1', 'delete', { uuid: X }), st('T2', 'begin'), st('T2', 'delete', { uuid: X }), st('T1', 'rollback'), st('T2', 'commit'), ...END],
  },
  {
    name: 'two version bumps: the second UPDATE waits and reads the committed value again (no lost update)',
    steps: [st('T1', 'begin'), st('T1', 'incrementVersion', { key: KEY }), st('T2', 'begin'), st('T2', 'incrementVersion', { key: KEY }), st('T1', 'commit'), st('T2', 'commit'), ...END],
  },
  {
    name: 'an autocommit bump waits for the open transaction\'s bump',
    steps: [st('T1', 'begin'), st('T1', 'incrementVersion', { key: KEY }), st('A', 'incrementVersion', { key: KEY }), q('T1'), st('T1', 'commit'), ...END],
  },
];

interface DriverAnswer {
  django: string;
  server: string;
  results: LogEntry[][];
}

function compare(engine: DatabaseEngine, real: DriverAnswer, scenarios: StatementStep[][], recorder: ConformanceRecorder): { waits: number; errors: number } {
  let waits = 0;
  let errors = 0;
  scenarios.forEach((steps, n) => {
    const model = modelLog(steps, engine).log;
    const realLog = real.results[n];
    waits += realLog.filter((e) => 'waits' in e).length;
    errors += realLog.filter((e) => JSON.stringify(e).includes('"error"')).length;
    for (let i = 0; i < Math.max(model.length, realLog.length); i++) {
      const entry = model[i] ?? realLog[i];
      const stepIndex = 'step' in entry ? entry.step : -1;
      const input = { engine, scenario: n, entry: i, step: steps[stepIndex] ?? null, steps };
      if (!recorder.record(input, canonical(model[i] ?? null), canonical(realLog[i] ?? null))) break;
    }
  });
  return { waits, errors };
}

/** The generated sequences without the ones the model says deadlock (PostgreSQL then aborts one after deadlock_timeout). */
function generated(engine: DatabaseEngine): { scenarios: StatementStep[][]; deadlocks: number } {
  const all = fc.sample(statementsArb, { seed: SEED, numRuns: GENERATED });
  const scenarios = all.filter((steps) => !modelLog(steps, engine).deadlock);
  return { scenarios, deadlocks: all.length - scenarios.length };
}

describe(`database model vs real Django ${safeVersion()} on PostgreSQL and SQLite`, () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  for (const engine of ['postgresql', 'sqlite'] as const) {
    it(`${engine}: every statement's answer, wait and resumption agree on ${HANDPICKED.length} hand-written and ${GENERATED} generated interleavings (seed ${SEED})`, () => {
      const { scenarios: gen, deadlocks } = generated(engine);
      const scenarios = [...HANDPICKED.map((h) => h.steps), ...gen];
      const dir = mkdtempSync(join(tmpdir(), 'cachelab-sqlite-'));
      let real: DriverAnswer;
      try {
        real = runDjangoDriver<DriverAnswer>(
          '../postgres/statements_driver.py',
          {
            engine,
            postgres: { host: pg.host, port: pg.port, user: pg.user },
            sqlitePath: join(dir, 'statements.sqlite3'),
            items: ITEMS,
            scenarios: scenarios.map((steps) => ({ steps })),
          },
          { timeoutMs: 600_000 },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const recorder = new ConformanceRecorder({
        name: `database-${engine}`,
        layer: 'database',
        real: `${real.server} through Django ${real.django} (${engine === 'postgresql' ? 'psycopg2, READ COMMITTED, started by the test with initdb on a free 127.0.0.1 port' : 'a file in WAL mode'}), one thread and connection per transaction`,
        mustAgree: true,
        seed: SEED,
        notes: [
          'Actors: transactions T1 and T2 (transaction.atomic entered by hand), and A in autocommit; statements: the feed query, get_object_or_404, QuerySet.delete(), the version row read and INSERT .. ON CONFLICT DO UPDATE SET value = value + 1.',
          engine === 'postgresql'
            ? 'A statement waits when pg_locks shows its backend with a lock not granted; it is compared again when it answers after the holder commits or rolls back.'
            : 'A statement waits when it has not answered within 0.4 s (SQLite busy handler, timeout 20 s); "database is locked" rolls its transaction back, as Django would at the end of the request.',
          'One case = one log entry (an answer, a wait, or a resumed answer), in the order they happened.',
        ],
      });
      const counts = compare(engine, real, scenarios, recorder);
      recorder.result.notes?.push(
        `${scenarios.length} interleavings (${deadlocks} generated ones left out: the model says they deadlock), ${counts.waits} statements waited for a lock, ${counts.errors} answered an error.`,
        commitRaceByEngine(engine),
      );
      const section = recorder.write();
      expect(section.disagreements.slice(0, 2)).toEqual([]);
      // The behaviours the test is about did occur on the real database, so a broken driver cannot pass.
      expect(counts.waits).toBeGreaterThan(5);
      // PostgreSQL: T1's second query sees A's committed delete; SQLite: T1 reads its first snapshot.
      const [first, second] = real.results[0].flatMap((e) => ('reply' in e && JSON.stringify(e.reply).includes('"rows"') ? [JSON.stringify(e.reply)] : []));
      expect(first === second).toBe(engine === 'sqlite');
      expect(section.cases).toBeGreaterThan(scenarios.length * 5);
    });
  }
});

function safeVersion(): string {
  try {
    return djangoVersion();
  } catch {
    return '(missing)';
  }
}
