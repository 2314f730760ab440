// Interleaved statements of two transactions (T1, T2) and an autocommit connection (A), played
// through the database model with the same protocol statements_driver.py plays them through real
// Django: a statement that must wait for a lock is logged as waiting, the actor's later steps are
// held back, and after each commit or rollback the waiting statements run again, oldest first.
import fc from 'fast-check';
import { initialDatabaseContext, reduceDatabase, type DatabaseEngine, type DatabaseEvent, type WorkItem } from '../../../src/layers/database';

export type StatementActor = 'T1' | 'T2' | 'A';
export type StatementAction = 'begin' | 'query' | 'get' | 'delete' | 'getVersion' | 'incrementVersion' | 'commit' | 'rollback';

export interface StatementStep {
  actor: StatementActor;
  action: StatementAction;
  uuid?: string;
  key?: string;
  query?: { userId: string; rangeStart: string; rangeEnd: string };
}

export type LogEntry = { step: number; reply: unknown } | { step: number; waits: true } | { step: number; resumed: unknown } | { stuck: number[] };

export const ITEMS: WorkItem[] = [
  { uuid: 'wi-oct-review', title: 'October review', startDate: '2025-10-06', endDate: '2025-10-06', workType: 'task', status: 'not_started', visibleTo: ['1'] },
  { uuid: 'wi-oct-visit', title: 'Site visit', startDate: '2025-10-08', endDate: '2025-10-09', workType: 'activity', status: 'in_progress', visibleTo: ['1'] },
  { uuid: 'wi-nov-report', title: 'Report', startDate: '2025-11-03', endDate: '2025-11-12', workType: 'project', status: 'in_progress', visibleTo: ['1'] },
];
export const QUERY = { userId: '1', rangeStart: '2025-09-28', rangeEnd: '2025-11-09' };
const UUIDS = ['wi-oct-review', 'wi-oct-visit'];
const KEY = 'calendar_feed_version';

const statementArb: fc.Arbitrary<Omit<StatementStep, 'actor'>> = fc.oneof(
  fc.constant({ action: 'query' as const, query: QUERY }),
  fc.constantFrom(...UUIDS).map((uuid) => ({ action: 'get' as const, uuid })),
  fc.constantFrom(...UUIDS).map((uuid) => ({ action: 'delete' as const, uuid })),
  fc.constant({ action: 'getVersion' as const, key: KEY }),
  fc.constant({ action: 'incrementVersion' as const, key: KEY }),
);

function txScript(actor: 'T1' | 'T2'): fc.Arbitrary<StatementStep[]> {
  return fc
    .tuple(fc.array(statementArb, { minLength: 1, maxLength: 3 }), fc.constantFrom<StatementAction>('commit', 'commit', 'rollback'))
    .map(([body, end]) => [{ actor, action: 'begin' }, ...body.map((s) => ({ actor, ...s })), { actor, action: end }]);
}

/** Two transactions and up to two autocommit statements, interleaved; then A looks at the end state. */
export const statementsArb: fc.Arbitrary<StatementStep[]> = fc
  .record({
    t1: txScript('T1'),
    t2: txScript('T2'),
    a: fc.array(statementArb, { maxLength: 2 }).map((b) => b.map((s): StatementStep => ({ actor: 'A', ...s }))),
    picks: fc.array(fc.nat({ max: 2 }), { minLength: 16, maxLength: 16 }),
  })
  .map(({ t1, t2, a, picks }) => {
    const queues = [t1, t2, a];
    const steps: StatementStep[] = [];
    for (let i = 0; queues.some((q) => q.length); i++) {
      let pick = picks[i % picks.length];
      while (!queues[pick].length) pick = (pick + 1) % 3;
      steps.push(queues[pick].shift()!);
    }
    return [...steps, { actor: 'A', action: 'query', query: QUERY }, { actor: 'A', action: 'getVersion', key: KEY }];
  });

const TX: Record<StatementActor, string | null> = { T1: 'T1', T2: 'T2', A: null };

function toEvent(step: StatementStep): DatabaseEvent {
  const txId = TX[step.actor];
  const nowMs = 0;
  switch (step.action) {
    case 'begin':
    case 'commit':
    case 'rollback':
      return { type: `db.${step.action}`, txId: txId!, nowMs };
    case 'query':
      return { type: 'db.query', txId, ...step.query!, workType: null, status: null, nowMs };
    case 'get':
      return { type: 'db.get', txId, uuid: step.uuid!, nowMs };
    case 'delete':
      return { type: 'db.delete', txId, uuid: step.uuid!, nowMs };
    case 'getVersion':
      return { type: 'db.getVersion', txId, key: step.key!, nowMs };
    case 'incrementVersion':
      return { type: 'db.incrementVersion', txId, key: step.key!, nowMs };
  }
}

/** The model's answer in the driver's words. */
function toReply(step: StatementStep, reply: Record<string, unknown>): unknown {
  if ('error' in reply) return { error: reply.error };
  switch (step.action) {
    case 'begin':
    case 'commit':
    case 'rollback':
      return { ok: true };
    case 'query':
      return { rows: (reply.rows as WorkItem[]).map((r) => r.uuid).sort() };
    case 'get':
      return { found: reply.row !== null };
    default:
      return reply;
  }
}

/** Plays the steps through the model. `deadlock` is true when two statements wait for each other. */
export function modelLog(steps: StatementStep[], engine: DatabaseEngine): { log: LogEntry[]; deadlock: boolean } {
  let db = initialDatabaseContext({ items: ITEMS, engine });
  const log: LogEntry[] = [];
  const waiting: Array<{ actor: StatementActor; step: number; on: string }> = [];
  const held: Record<StatementActor, number[]> = { T1: [], T2: [], A: [] };
  const failed = new Set<StatementActor>();
  let deadlock = false;

  const run = (i: number): Record<string, unknown> => {
    db = reduceDatabase(db, toEvent(steps[i]));
    return db.reply as Record<string, unknown>;
  };
  const fail = (actor: StatementActor, reply: Record<string, unknown>) => {
    if ('error' in reply && actor !== 'A') {
      failed.add(actor);
      db = reduceDatabase(db, { type: 'db.rollback', txId: TX[actor]!, nowMs: 0 });
    }
  };
  const send = (i: number): void => {
    const step = steps[i];
    if (failed.has(step.actor)) {
      if (step.action === 'commit' || step.action === 'rollback') failed.delete(step.actor);
      log.push({ step: i, reply: { skipped: true } });
      return;
    }
    const reply = run(i);
    if ('waitFor' in reply) {
      const on = reply.waitFor as string;
      if (waiting.some((w) => TX[w.actor] === on)) deadlock = true;
      waiting.push({ actor: step.actor, step: i, on });
      log.push({ step: i, waits: true });
      return;
    }
    log.push({ step: i, reply: toReply(step, reply) });
    fail(step.actor, reply);
    if (step.action === 'commit' || step.action === 'rollback' || 'error' in reply) release();
  };
  const release = (): void => {
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const w of [...waiting]) {
        if (db.transactions.some((t) => t.txId === w.on)) continue;
        const reply = run(w.step);
        if ('waitFor' in reply) {
          w.on = reply.waitFor as string;
          continue;
        }
        waiting.splice(waiting.indexOf(w), 1);
        log.push({ step: w.step, resumed: toReply(steps[w.step], reply) });
        fail(w.actor, reply);
        progressed = true;
        while (held[w.actor].length && !waiting.some((x) => x.actor === w.actor)) send(held[w.actor].shift()!);
      }
    }
  };
  for (const [i, step] of steps.entries()) {
    if (waiting.some((w) => w.actor === step.actor)) held[step.actor].push(i);
    else send(i);
  }
  if (waiting.length) log.push({ stuck: waiting.map((w) => w.step) });
  return { log, deadlock };
}
