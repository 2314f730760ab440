// The database behind Django (PostgreSQL in production, READ COMMITTED).
//
// What it can get wrong, from the app's point of view:
// - A delete inside a transaction (ATOMIC_REQUESTS, or transaction.atomic) is invisible to every
//   other connection until the commit: a concurrent feed request still reads the row, and can put
//   it back into a cache the delete view has just invalidated (docs/facts.md, the database and transactions).
// - READ COMMITTED gives each statement, not each transaction, its own view: two queries of one
//   request can see different data if a commit lands between them.
// - `transaction.on_commit(fn)` runs fn after the outermost commit, or at once in autocommit.
// - Writers wait for each other (docs/facts.md, the database and transactions). PostgreSQL locks rows: a DELETE or UPDATE of a
//   row that another open transaction has deleted or updated waits for it to end, then re-checks
//   the row (a deleted row is skipped, an updated counter is read again; an UPDATE of a row whose
//   delete committed meanwhile updates nothing). SQLite (WAL mode) has one
//   write lock for the whole file: a write waits for another transaction's write lock, but a
//   transaction that has already read fails at once with "database is locked" (SQLite's
//   deadlock avoidance, and its stale-snapshot rule), and a transaction reads from one snapshot
//   taken at its first statement. A statement that must wait answers `{ waitFor: txId }` and
//   changes nothing: the scheduler runs it again once that transaction has ended.
// - An INSERT or UPDATE inside a transaction is as invisible to other connections as a delete:
//   a feed request that reads meanwhile sees the old row (or no row) and can cache it.
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

export type DatabaseEngine = 'postgresql' | 'sqlite';

/** The columns `save(update_fields=[...])` may write (visibleTo is a many-to-many: not a column). */
export type WorkItemFields = Pick<WorkItem, 'title' | 'startDate' | 'endDate'>;

/** A row an INSERT or UPDATE wrote, as it will be once committed. */
export interface WrittenRow {
  kind: 'create' | 'edit';
  row: WorkItem;
}

/** SQLite: what a transaction reads, fixed at its first statement (`commits` says how new it is). */
interface Snapshot {
  items: WorkItem[];
  versions: Record<string, number>;
  commits: number;
}

interface Transaction {
  txId: string;
  deleted: string[];
  /** Rows this transaction inserted or updated (the new row), in statement order; one entry per uuid. */
  written: WrittenRow[];
  versions: Record<string, number>;
  onCommit: string[];
  /** SQLite only: null until the transaction's first statement. */
  snapshot: Snapshot | null;
}

export type DatabaseReply =
  | { rows: WorkItem[] }
  | { row: WorkItem | null }
  | { deleted: number }
  | { inserted: number }
  /** With the row as updated (what a commit will make visible). */
  | { updated: number; row?: WorkItem }
  | { value: number }
  | { runNow: boolean }
  | { callbacks: string[]; committed: string[]; written?: WrittenRow[] }
  | { ok: true }
  /** The statement did not run: it waits for that transaction to commit or roll back. */
  | { waitFor: string }
  | { error: string };

export interface DatabaseContext {
  engine: DatabaseEngine;
  /** How many commits have changed data (SQLite: a snapshot older than this cannot write). */
  commits: number;
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
  /** INSERT (Model.objects.create): the row, with the uuid the view chose. */
  | { type: 'db.insert'; txId: string | null; item: WorkItem; nowMs: number }
  /** UPDATE ... SET <fields> WHERE uuid = ... (save(update_fields=...)). */
  | { type: 'db.update'; txId: string | null; uuid: string; fields: WorkItemFields; nowMs: number }
  | { type: 'db.getVersion'; txId: string | null; key: string; nowMs: number }
  | { type: 'db.incrementVersion'; txId: string | null; key: string; nowMs: number }
  | { type: 'db.onCommit'; txId: string | null; callbackId: string; nowMs: number }
  | { type: 'db.commit'; txId: string; nowMs: number }
  | { type: 'db.rollback'; txId: string; nowMs: number };

export interface DatabaseInput {
  items: WorkItem[];
  /** Default postgresql: Django's production database. */
  engine?: DatabaseEngine;
}

export function initialDatabaseContext(input: DatabaseInput): DatabaseContext {
  return {
    engine: input.engine ?? 'postgresql',
    commits: 0,
    items: input.items.map((i) => ({ ...i, visibleTo: [...i.visibleTo] })),
    versions: {},
    transactions: [],
    reply: null,
  };
}

function findTx(ctx: DatabaseContext, txId: string | null): Transaction | null {
  if (txId === null) return null;
  return ctx.transactions.find((t) => t.txId === txId) ?? null;
}

/** Rows as this statement sees them: committed rows (SQLite: as of the snapshot), minus the transaction's own deletes. */
function visibleItems(ctx: DatabaseContext, tx: Transaction | null): WorkItem[] {
  const items = tx?.snapshot ? tx.snapshot.items : ctx.items;
  if (!tx || (!tx.deleted.length && !tx.written.length)) return items;
  return applyWrites(items, tx.deleted, tx.written);
}

/** Rows after a transaction's writes: deletes removed, updates in place, inserts appended. */
function applyWrites(items: WorkItem[], deleted: string[], written: WrittenRow[]): WorkItem[] {
  const byUuid = new Map(written.map((w) => [w.row.uuid, w.row]));
  const kept = items.filter((i) => !deleted.includes(i.uuid)).map((i) => byUuid.get(i.uuid) ?? i);
  const added = written.filter((w) => !items.some((i) => i.uuid === w.row.uuid) && !deleted.includes(w.row.uuid)).map((w) => w.row);
  return added.length ? [...kept, ...added] : kept;
}

/** A transaction's write list with this row in it (one entry per uuid; an insert stays an insert). */
function withWritten(written: WrittenRow[], w: WrittenRow): WrittenRow[] {
  const i = written.findIndex((x) => x.row.uuid === w.row.uuid);
  return i < 0 ? [...written, w] : written.map((x, k) => (k === i ? { kind: x.kind, row: w.row } : x));
}

/** Own keys only: a counter named like an Object.prototype member (`constructor`) is still just a row. */
function hasVersion(versions: Record<string, number>, key: string): boolean {
  return Object.hasOwn(versions, key);
}

function visibleVersion(ctx: DatabaseContext, tx: Transaction | null, key: string): number {
  if (tx && hasVersion(tx.versions, key)) return tx.versions[key];
  const committed = tx?.snapshot ? tx.snapshot.versions : ctx.versions;
  return hasVersion(committed, key) ? committed[key] : 0;
}

/** SQLite: a transaction's first statement fixes what it reads for the rest of it. */
function withSnapshot(ctx: DatabaseContext, tx: Transaction | null): DatabaseContext {
  if (ctx.engine !== 'sqlite' || !tx || tx.snapshot) return ctx;
  return { ...ctx, transactions: replaceTx(ctx, { ...tx, snapshot: { items: ctx.items, versions: ctx.versions, commits: ctx.commits } }) };
}

function hasWritten(tx: Transaction): boolean {
  return tx.deleted.length > 0 || tx.written.length > 0 || Object.keys(tx.versions).length > 0;
}

/** Whether an open transaction holds the row lock of this item (it deleted, inserted or updated it). */
function holdsRow(tx: Transaction, uuid: string): boolean {
  return tx.deleted.includes(uuid) || tx.written.some((w) => w.row.uuid === uuid);
}

/**
 * Whether a write may run now. PostgreSQL: it waits while another open transaction holds the
 * row (deleted it, or updated the counter). SQLite: it waits while another transaction holds
 * the write lock, unless this transaction has already read (then SQLITE_BUSY at once), and a
 * transaction whose snapshot predates a commit cannot write at all (SQLITE_BUSY_SNAPSHOT).
 */
function writeBlocked(ctx: DatabaseContext, tx: Transaction | null, target: { uuid: string } | { key: string }): DatabaseReply | null {
  const others = ctx.transactions.filter((t) => t !== tx);
  if (ctx.engine === 'postgresql') {
    const holder = others.find((t) => ('uuid' in target ? holdsRow(t, target.uuid) : hasVersion(t.versions, target.key)));
    return holder ? { waitFor: holder.txId } : null;
  }
  const holder = others.find(hasWritten);
  if (holder && tx?.snapshot && !hasWritten(tx)) return { error: 'database is locked' };
  if (holder) return { waitFor: holder.txId };
  if (tx?.snapshot && tx.snapshot.commits !== ctx.commits) return { error: 'database is locked' };
  return null;
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
    case 'db.query':
    case 'db.get':
    case 'db.getVersion':
      return readStatement(withSnapshot(ctx, findTx(ctx, ev.txId)), ev);
    case 'db.delete':
    case 'db.insert':
    case 'db.update':
    case 'db.incrementVersion': {
      const target = ev.type === 'db.incrementVersion' ? { key: ev.key } : { uuid: ev.type === 'db.insert' ? ev.item.uuid : ev.uuid };
      const blocked = writeBlocked(ctx, findTx(ctx, ev.txId), target);
      if (blocked) return { ...ctx, reply: blocked };
      return writeStatement(withSnapshot(ctx, findTx(ctx, ev.txId)), ev);
    }
    default:
      return transactionControl(ctx, ev);
  }
}

function readStatement(ctx: DatabaseContext, ev: Extract<DatabaseEvent, { type: 'db.query' | 'db.get' | 'db.getVersion' }>): DatabaseContext {
  const tx = findTx(ctx, ev.txId);
  switch (ev.type) {
    case 'db.query': {
      const rows = visibleItems(ctx, tx).filter(
        (i) =>
          i.visibleTo.includes(ev.userId) &&
          overlapsRange(i, ev.rangeStart, ev.rangeEnd) &&
          (ev.workType === null || i.workType === ev.workType) &&
          (ev.status === null || i.status === ev.status),
      );
      return { ...ctx, reply: { rows } };
    }
    case 'db.get':
      return { ...ctx, reply: { row: visibleItems(ctx, tx).find((i) => i.uuid === ev.uuid) ?? null } };
    case 'db.getVersion':
      return { ...ctx, reply: { value: visibleVersion(ctx, tx, ev.key) } };
  }
}

function writeStatement(ctx: DatabaseContext, ev: Extract<DatabaseEvent, { type: 'db.delete' | 'db.insert' | 'db.update' | 'db.incrementVersion' }>): DatabaseContext {
  const tx = findTx(ctx, ev.txId);
  switch (ev.type) {
    case 'db.delete': {
      const exists = visibleItems(ctx, tx).some((i) => i.uuid === ev.uuid);
      if (!exists) return { ...ctx, reply: { deleted: 0 } };
      if (!tx) return { ...ctx, commits: ctx.commits + 1, items: ctx.items.filter((i) => i.uuid !== ev.uuid), reply: { deleted: 1 } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, deleted: [...tx.deleted, ev.uuid] }), reply: { deleted: 1 } };
    }
    case 'db.insert': {
      // The primary key is unique: a second INSERT of a uuid is an IntegrityError (Django answers 500).
      if (visibleItems(ctx, tx).some((i) => i.uuid === ev.item.uuid)) return { ...ctx, reply: { error: 'duplicate key value violates unique constraint' } };
      const row: WorkItem = { ...ev.item, visibleTo: [...ev.item.visibleTo] };
      if (!tx) return { ...ctx, commits: ctx.commits + 1, items: [...ctx.items, row], reply: { inserted: 1 } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, written: withWritten(tx.written, { kind: 'create', row }) }), reply: { inserted: 1 } };
    }
    case 'db.update': {
      const current = visibleItems(ctx, tx).find((i) => i.uuid === ev.uuid);
      if (!current) return { ...ctx, reply: { updated: 0 } };
      const row: WorkItem = { ...current, title: ev.fields.title, startDate: ev.fields.startDate, endDate: ev.fields.endDate };
      if (!tx) return { ...ctx, commits: ctx.commits + 1, items: ctx.items.map((i) => (i.uuid === ev.uuid ? row : i)), reply: { updated: 1, row } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, written: withWritten(tx.written, { kind: 'edit', row }) }), reply: { updated: 1, row } };
    }
    case 'db.incrementVersion': {
      // UPDATE ... SET value = value + 1: atomic in the database, whoever runs it.
      const value = visibleVersion(ctx, tx, ev.key) + 1;
      if (!tx) return { ...ctx, commits: ctx.commits + 1, versions: { ...ctx.versions, [ev.key]: value }, reply: { value } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, versions: { ...tx.versions, [ev.key]: value } }), reply: { value } };
    }
  }
}

function transactionControl(ctx: DatabaseContext, ev: Extract<DatabaseEvent, { type: 'db.begin' | 'db.onCommit' | 'db.commit' | 'db.rollback' }>): DatabaseContext {
  switch (ev.type) {
    case 'db.begin':
      if (findTx(ctx, ev.txId)) return { ...ctx, reply: { error: `transaction ${ev.txId} already open` } };
      return {
        ...ctx,
        transactions: [...ctx.transactions, { txId: ev.txId, deleted: [], written: [], versions: {}, onCommit: [], snapshot: null }],
        reply: { ok: true },
      };
    case 'db.onCommit': {
      const tx = findTx(ctx, ev.txId);
      if (!tx) return { ...ctx, reply: { runNow: true } };
      return { ...ctx, transactions: replaceTx(ctx, { ...tx, onCommit: [...tx.onCommit, ev.callbackId] }), reply: { runNow: false } };
    }
    case 'db.commit': {
      const tx = findTx(ctx, ev.txId);
      if (!tx) return { ...ctx, reply: { error: `no open transaction ${ev.txId}` } };
      return {
        engine: ctx.engine,
        commits: ctx.commits + (hasWritten(tx) ? 1 : 0),
        items: applyWrites(ctx.items, tx.deleted, tx.written),
        versions: { ...ctx.versions, ...tx.versions },
        transactions: ctx.transactions.filter((t) => t !== tx),
        reply: tx.written.length ? { callbacks: tx.onCommit, committed: tx.deleted, written: tx.written } : { callbacks: tx.onCommit, committed: tx.deleted },
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
    openTransactions: ctx.transactions.map((t) => ({ txId: t.txId, deleted: [...t.deleted], ...(t.written.length ? { written: t.written.map((w) => ({ kind: w.kind, row: { ...w.row, visibleTo: [...w.row.visibleTo] } })) } : {}), versions: { ...t.versions } })),
  };
}
