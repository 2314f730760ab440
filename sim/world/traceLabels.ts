// How the server's operations read in the trace: one line in plain words and a payload per cache
// call and database statement, as the timing table and the checkers read them.
import type { JsonObject, JsonValue } from '../../src/json';
import type { Op } from '../../src/app/ops';
import { eventIds, itemsNamed } from './itemsNamed';
import type { Reply } from './layers';
import type { WorkItem, WrittenRow } from '../../src/layers/database';

/** A committed create or edit as the trace carries it: the row's uuid, title and dates (the checkers compare them). */
function writtenPayload(w: WrittenRow): JsonObject {
  return { kind: w.kind, uuid: w.row.uuid, title: w.row.title, startDate: w.row.startDate, endDate: w.row.endDate, workType: w.row.workType, status: w.row.status, visibleTo: [...w.row.visibleTo] };
}

export function opLabel(op: Op): string {
  if (op.layer === 'cpu') return op.step;
  if ('batch' in op) return op.label;
  return op.event.type;
}

/** The items a cached list's events name (by their ids). */
export function itemsInValue(value: unknown, uuids: readonly string[]): string[] {
  return Array.isArray(value) ? itemsNamed(uuids, eventIds(value)) : [];
}

export function describeCache(ev: { type: string; key: string }, reply: Reply, uuids: readonly string[]): string {
  switch (ev.type) {
    case 'cache.get':
      if (!reply.hit) return `cache.get ${ev.key}: miss${reply.expired ? ' (expired)' : ''}`;
      return Array.isArray(reply.value) ? `cache.get ${ev.key}: hit (${itemsInValue(reply.value, uuids).length} item(s))` : `cache.get ${ev.key}: hit = ${JSON.stringify(reply.value)}`;
    case 'cache.set': {
      const culled = (reply.culled as string[] | undefined) ?? [];
      return `cache.set ${ev.key}${culled.length ? `, culled ${culled.length} LRU key(s) first` : ''}`;
    }
    case 'cache.incr':
      return 'error' in reply ? `cache.incr ${ev.key}: ValueError` : `cache.incr ${ev.key} -> ${String(reply.value)}`;
    case 'cache.add':
      return `cache.add ${ev.key}: ${reply.added ? 'added' : 'already there'}`;
    default:
      return `${ev.type} ${ev.key}`;
  }
}

export function cachePayload(ev: Record<string, unknown>, reply: Reply, uuids: readonly string[]): JsonObject {
  const p: JsonObject = { key: ev.key as string };
  if (ev.type === 'cache.get') {
    p.hit = Boolean(reply.hit);
    p.items = itemsInValue(reply.value, uuids);
    if (!Array.isArray(reply.value)) p.value = (reply.value as JsonValue) ?? null;
  }
  if (ev.type === 'cache.set' || ev.type === 'cache.add') {
    p.items = itemsInValue(ev.value, uuids);
    if (!Array.isArray(ev.value)) p.value = ev.value as JsonValue;
    p.timeoutS = (ev.timeoutS as number | null | undefined) ?? null;
    p.culled = (reply.culled as string[] | undefined) ?? [];
  }
  if (ev.type === 'cache.incr') p.result = 'error' in reply ? 'ValueError' : (reply.value as number);
  return p;
}

export function describeDb(ev: Record<string, unknown>, reply: Reply, uuids: readonly string[]): string {
  const tx = ev.txId ? ` in transaction ${String(ev.txId)}` : ' (autocommit)';
  if (typeof reply.waitFor === 'string') return `${String(ev.type).replace('db.', '')}${tx} waits for ${reply.waitFor}'s lock`;
  if (typeof reply.error === 'string') return `${String(ev.type).replace('db.', '')}${tx}: OperationalError: ${reply.error}`;
  switch (ev.type) {
    case 'db.query': {
      const rows = reply.rows as Array<{ uuid: string }>;
      return `SELECT work items of user ${String(ev.userId)} in [${String(ev.rangeStart)}, ${String(ev.rangeEnd)})${tx}: ${rows.length} row(s)`;
    }
    case 'db.get':
      return `get_object_or_404 ${String(ev.uuid)}${tx}: ${reply.row ? 'found' : 'not found'}`;
    case 'db.delete':
      return `DELETE work item ${String(ev.uuid)}${tx}${ev.txId ? ': invisible to others until COMMIT' : ': committed'}`;
    case 'db.insert': {
      const item = ev.item as { uuid: string; title: string };
      return `INSERT work item ${item.uuid} "${item.title}"${tx}${ev.txId ? ': invisible to others until COMMIT' : ': committed'}`;
    }
    case 'db.update': {
      const f = ev.fields as { title: string; startDate: string; endDate: string };
      if (!reply.updated) return `UPDATE work item ${String(ev.uuid)}${tx}: 0 rows (it is gone)`;
      return `UPDATE work item ${String(ev.uuid)} SET title "${f.title}", ${f.startDate} to ${f.endDate}${tx}${ev.txId ? ': invisible to others until COMMIT' : ': committed'}`;
    }
    case 'db.commit':
      return `COMMIT ${String(ev.txId)}`;
    case 'db.rollback':
      return `ROLLBACK ${String(ev.txId)}`;
    case 'db.begin':
      return `BEGIN ${String(ev.txId)}`;
    case 'db.onCommit':
      return reply.runNow ? 'transaction.on_commit: autocommit, runs now' : 'transaction.on_commit: deferred to COMMIT';
    case 'db.getVersion':
      return `read version ${String(ev.key)}${tx} = ${String(reply.value)}`;
    case 'db.incrementVersion':
      return `UPDATE version ${String(ev.key)} = ${String(reply.value)}${tx}`;
    default:
      void uuids;
      return String(ev.type);
  }
}

export function dbPayload(ev: Record<string, unknown>, reply: Reply): JsonObject {
  const p: JsonObject = {};
  // for-in, not Object.entries: the same keys in the same order (events are plain literals), no pair arrays.
  for (const k in ev) if (k !== 'type') p[k] = (ev[k] as JsonValue) ?? null;
  if (typeof reply.waitFor === 'string' || typeof reply.error === 'string') {
    if (typeof reply.waitFor === 'string') p.waitFor = reply.waitFor;
    else p.error = reply.error as string;
    return p;
  }
  if (ev.type === 'db.query') p.rows = (reply.rows as Array<{ uuid: string }>).map((r) => r.uuid);
  if (ev.type === 'db.get') p.found = Boolean(reply.row);
  if (ev.type === 'db.delete') {
    p.deleted = reply.deleted as number;
    // What became visible to everybody at this instant.
    p.committed = !ev.txId && reply.deleted ? [ev.uuid as string] : [];
  }
  if (ev.type === 'db.commit') {
    p.callbacks = (reply.callbacks as string[]) ?? [];
    p.committed = (reply.committed as string[]) ?? [];
    const written = (reply.written as WrittenRow[] | undefined) ?? [];
    if (written.length) p.written = written.map(writtenPayload);
  }
  // A created or edited row: what became visible to everybody, and when (autocommit: now).
  if (ev.type === 'db.insert') {
    // The item's uuid under `item`, as other events name items; the whole row under `row`.
    const row = ev.item as WorkItem;
    p.item = row.uuid;
    p.row = { ...row, visibleTo: [...row.visibleTo] };
  }
  if (ev.type === 'db.insert') p.written = !ev.txId && reply.inserted ? [writtenPayload({ kind: 'create', row: ev.item as WorkItem })] : [];
  if (ev.type === 'db.update') {
    p.updated = reply.updated as number;
    p.written = !ev.txId && reply.updated ? [writtenPayload({ kind: 'edit', row: { ...(reply.row as WorkItem) } })] : [];
  }
  if (ev.type === 'db.getVersion' || ev.type === 'db.incrementVersion') p.value = reply.value as number;
  return p;
}
