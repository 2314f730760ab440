// The database behind Django (PostgreSQL in production, READ COMMITTED).
//
// What it can get wrong, from the app's point of view:
// - A delete inside a transaction (ATOMIC_REQUESTS, or transaction.atomic) is invisible to every
//   other connection until the commit: a concurrent feed request still reads the row, and can put
//   it back into a cache the delete view has just invalidated (FACTS section 4).
// - READ COMMITTED gives each statement, not each transaction, its own view: two queries of one
//   request can see different data if a commit lands between them.
// - `transaction.on_commit(fn)` runs fn after the outermost commit, or at once in autocommit.
// Each event is one statement and runs atomically at its virtual instant, so "sees rows committed
// before it began" is "sees the committed rows now".
import { assign, setup } from 'xstate';
import type { JsonObject } from '../json';

export interface WorkItem {
  uuid: string;
  title: string;
  /** DateField, YYYY-MM-DD. */
  startDate: string;
  /** DateField, YYYY-MM-DD, inclusive (the item's last day). */
  endDate: string;
  workType: string;
  status: string;
  /** Users who can see the item (owner and team members): shared items have several. */
  visibleTo: string[];
}

interface Transaction {
  txId: string;
  deleted: string[];
  versions: Record<string, number>;
  onCommit: string[];
}

export type DatabaseReply =
  | { rows: WorkItem[] }
  | { row: WorkItem | null }
  | { deleted: number }
  | { value: number }
  | { runNow: boolean }
  | { callbacks: string[]; committed: string[] }
  | { ok: true }
  | { error: string };

export interface DatabaseContext {
  /** Committed rows, in insertion order (the feed's ORDER BY is start date, then insertion). */
  items: WorkItem[];
  /** Committed counters (the version table of `version.store=db`). */
  versions: Record<string, number>;
  transactions: Transaction[];
  reply: DatabaseReply | null;
}

export type DatabaseEvent =
  | { type: 'db.begin'; txId: string; nowMs: number }
  | {
      type: 'db.query';
      txId: string | null;
      userId: string;
      /** Visible range, YYYY-MM-DD, end exclusive. */
      rangeStart: string;
      rangeEnd: string;
      workType: string | null;
      status: string | null;
      nowMs: number;
    }
  | { type: 'db.get'; txId: string | null; uuid: string; nowMs: number }
  | { type: 'db.delete'; txId: string | null; uuid: string; nowMs: number }
  | { type: 'db.getVersion'; txId: string | null; key: string; nowMs: number }
  | { type: 'db.incrementVersion'; txId: string | null; key: string; nowMs: number }
  | { type: 'db.onCommit'; txId: string | null; callbackId: string; nowMs: number }
  | { type: 'db.commit'; txId: string; nowMs: number }
  | { type: 'db.rollback'; txId: string; nowMs: number };

export interface DatabaseInput {
  items: WorkItem[];
}

export function initialDatabaseContext(input: DatabaseInput): DatabaseContext {
  return { items: input.items.map((i) => ({ ...i, visibleTo: [...i.visibleTo] })), versions: {}, transactions: [], reply: null };
}

function findTx(ctx: DatabaseContext, txId: string | null): Transaction | null {
  if (txId === null) return null;
  return ctx.transactions.find((t) => t.txId === txId) ?? null;
}

/** Rows as this statement sees them: committed rows, minus the transaction's own deletes. */
function visibleItems(ctx: DatabaseContext, tx: Transaction | null): WorkItem[] {
  return tx && tx.deleted.length ? ctx.items.filter((i) => !tx.deleted.includes(i.uuid)) : ctx.items;
}

function visibleVersion(ctx: DatabaseContext, tx: Transaction | null, key: string): number {
  return tx && key in tx.versions ? tx.versions[key] : ctx.versions[key] ?? 0;
}

/** An item overlaps [rangeStart, rangeEnd) when it starts before the end and ends on or after the start. */
export function overlapsRange(item: WorkItem, rangeStart: string, rangeEnd: string): boolean {
  return item.startDate < rangeEnd && item.endDate >= rangeStart;
}

function replaceTx(ctx: DatabaseContext, tx: Transaction): Transaction[] {
  return ctx.transactions.map((t) => (t.txId === tx.txId ? tx : t));
}

export function reduceDatabase(ctx: DatabaseContext, ev: DatabaseEvent): DatabaseContext {
  switch (ev.type) {
    case 'db.begin':
      if (findTx(ctx, ev.txId)) return { ...ctx, reply: { error: `transaction ${ev.txId} already open` } };
      return {
        ...ctx,
        transactions: [...ctx.transactions, { txId: ev.txId, deleted: [], versions: {}, onCommit: [] }],
        reply: { ok: true },
      };
    case 'db.query': {
      const rows = visibleItems(ctx, findTx(ctx, ev.txId)).filter(
        (i) =>
          i.visibleTo.includes(ev.userId) &&
          overlapsRange(i, ev.rangeStart, ev.rangeEnd) &&
          (ev.workType === null || i.workType === ev.workType) &&
          (ev.status === null || i.status === ev.status),
      );
      return { ...ctx, reply: { rows } };
    }
    case 'db.get':
      return { ...ctx, reply: { row: visibleItems(ctx, findTx(ctx, ev.txId)).find((i) => i.uuid === ev.uuid) ?? null } };
    case 'db.delete': {
      const tx = findTx(ctx, ev.txId);
      const exists = visibleItems(ctx, tx).some((i) => i.uuid === ev.uuid);
      if (!exists) return { ...ctx, reply: { deleted: 0 } };
      if (!tx) return { ...ctx, items: ctx.items.filter((i) => i.uuid !== ev.uuid), reply: { deleted: 1 } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, deleted: [...tx.deleted, ev.uuid] }), reply: { deleted: 1 } };
    }
    case 'db.getVersion':
      return { ...ctx, reply: { value: visibleVersion(ctx, findTx(ctx, ev.txId), ev.key) } };
    case 'db.incrementVersion': {
      // UPDATE ... SET value = value + 1: atomic in the database, whoever runs it.
      const tx = findTx(ctx, ev.txId);
      const value = visibleVersion(ctx, tx, ev.key) + 1;
      if (!tx) return { ...ctx, versions: { ...ctx.versions, [ev.key]: value }, reply: { value } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, versions: { ...tx.versions, [ev.key]: value } }), reply: { value } };
    }
    case 'db.onCommit': {
      const tx = findTx(ctx, ev.txId);
      if (!tx) return { ...ctx, reply: { runNow: true } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, onCommit: [...tx.onCommit, ev.callbackId] }), reply: { runNow: false } };
    }
    case 'db.commit': {
      const tx = findTx(ctx, ev.txId);
      if (!tx) return { ...ctx, reply: { error: `no open transaction ${ev.txId}` } };
      return {
        items: ctx.items.filter((i) => !tx.deleted.includes(i.uuid)),
        versions: { ...ctx.versions, ...tx.versions },
        transactions: ctx.transactions.filter((t) => t !== tx),
        reply: { callbacks: tx.onCommit, committed: tx.deleted },
      };
    }
    case 'db.rollback':
      return { ...ctx, transactions: ctx.transactions.filter((t) => t.txId !== ev.txId), reply: { ok: true } };
  }
}

export const databaseMachine = setup({
  types: {
    context: {} as DatabaseContext,
    events: {} as DatabaseEvent,
    input: {} as DatabaseInput,
  },
}).createMachine({
  id: 'database',
  context: ({ input }) => initialDatabaseContext(input),
  initial: 'ready',
  states: {
    ready: {
      on: { '*': { actions: assign(({ context, event }) => reduceDatabase(context, event)) } },
    },
  },
});

export function viewDatabase(ctx: DatabaseContext, _nowMs: number): JsonObject {
  return {
    rows: ctx.items.map((i) => ({ ...i, visibleTo: [...i.visibleTo] })),
    versions: { ...ctx.versions },
    openTransactions: ctx.transactions.map((t) => ({ txId: t.txId, deleted: [...t.deleted], versions: { ...t.versions } })),
  };
}
