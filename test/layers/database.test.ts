import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { databaseMachine, type DatabaseEvent, type WorkItem } from '../../src/layers/database';
import type { DbOpEvent } from '../../src/app/ops';

const item = (uuid: string, visibleTo = ['1']): WorkItem => ({ uuid, title: uuid, startDate: '2025-10-15', endDate: '2025-10-15', workType: 'task', status: 'not_started', visibleTo });

function db(items: WorkItem[]) {
  const actor = createActor(databaseMachine, { input: { items } }).start();
  return (ev: DbOpEvent) => {
    actor.send({ ...ev, nowMs: 0 } as DatabaseEvent);
    return actor.getSnapshot().context.reply as Record<string, unknown>;
  };
}

const query = (txId: string | null, userId = '1') => ({ type: 'db.query', txId, userId, rangeStart: '2025-09-28', rangeEnd: '2025-11-09', workType: null, status: null }) as const;
const uuids = (r: Record<string, unknown>) => (r.rows as WorkItem[]).map((i) => i.uuid);

describe('database (READ COMMITTED)', () => {
  it('autocommit: a delete is visible to everyone at once', () => {
    const send = db([item('a'), item('b')]);
    send({ type: 'db.delete', txId: null, uuid: 'a' });
    expect(uuids(send(query(null)))).toEqual(['b']);
  });

  it('inside a transaction: the delete is invisible to other connections until COMMIT', () => {
    const send = db([item('a'), item('b')]);
    send({ type: 'db.begin', txId: 't1' });
    send({ type: 'db.delete', txId: 't1', uuid: 'a' });
    expect(uuids(send(query('t1')))).toEqual(['b']);
    expect(uuids(send(query(null)))).toEqual(['a', 'b']);
    expect(send({ type: 'db.commit', txId: 't1' })).toEqual({ callbacks: [], committed: ['a'] });
    expect(uuids(send(query(null)))).toEqual(['b']);
  });

  it('rollback discards the delete', () => {
    const send = db([item('a')]);
    send({ type: 'db.begin', txId: 't1' });
    send({ type: 'db.delete', txId: 't1', uuid: 'a' });
    send({ type: 'db.rollback', txId: 't1' });
    expect(uuids(send(query(null)))).toEqual(['a']);
  });

  it('transaction.on_commit runs at once in autocommit, after COMMIT in a transaction', () => {
    const send = db([]);
    expect(send({ type: 'db.onCommit', txId: null, callbackId: 'x' })).toEqual({ runNow: true });
    send({ type: 'db.begin', txId: 't1' });
    expect(send({ type: 'db.onCommit', txId: 't1', callbackId: 'y' })).toEqual({ runNow: false });
    expect(send({ type: 'db.commit', txId: 't1' })).toMatchObject({ callbacks: ['y'] });
  });

  it('a version row bumped in a transaction is seen by others only after COMMIT', () => {
    const send = db([]);
    send({ type: 'db.begin', txId: 't1' });
    expect(send({ type: 'db.incrementVersion', txId: 't1', key: 'v' })).toEqual({ value: 1 });
    expect(send({ type: 'db.getVersion', txId: null, key: 'v' })).toEqual({ value: 0 });
    send({ type: 'db.commit', txId: 't1' });
    expect(send({ type: 'db.getVersion', txId: null, key: 'v' })).toEqual({ value: 1 });
  });

  it('a counter named like an Object.prototype member is a row like any other', () => {
    const send = db([]);
    expect(send({ type: 'db.getVersion', txId: null, key: 'constructor' })).toEqual({ value: 0 });
    send({ type: 'db.begin', txId: 't1' });
    expect(send({ type: 'db.getVersion', txId: 't1', key: 'toString' })).toEqual({ value: 0 });
    expect(send({ type: 'db.incrementVersion', txId: 't1', key: 'toString' })).toEqual({ value: 1 });
    send({ type: 'db.commit', txId: 't1' });
    expect(send({ type: 'db.getVersion', txId: null, key: 'toString' })).toEqual({ value: 1 });
  });

  it('users only see the items shared with them', () => {
    const send = db([item('a', ['1', '2']), item('b', ['1'])]);
    expect(uuids(send(query(null, '2')))).toEqual(['a']);
  });
});

describe('database: INSERT and UPDATE (the create and edit views)', () => {
  const titles = (r: Record<string, unknown>) => (r.rows as WorkItem[]).map((i) => `${i.uuid}:${i.title}:${i.startDate}`);

  it('an INSERT or UPDATE in a transaction is invisible to other connections until COMMIT, then both are', () => {
    const send = db([item('a')]);
    send({ type: 'db.begin', txId: 't1' });
    expect(send({ type: 'db.insert', txId: 't1', item: { ...item('n'), title: 'new' } })).toEqual({ inserted: 1 });
    expect(send({ type: 'db.update', txId: 't1', uuid: 'a', fields: { title: 'renamed', startDate: '2025-10-20', endDate: '2025-10-21' } })).toMatchObject({ updated: 1 });
    expect(titles(send(query('t1')))).toEqual(['a:renamed:2025-10-20', 'n:new:2025-10-15']);
    expect(titles(send(query(null)))).toEqual(['a:a:2025-10-15']);
    const commit = send({ type: 'db.commit', txId: 't1' });
    expect((commit.written as Array<{ kind: string }>).map((w) => w.kind)).toEqual(['create', 'edit']);
    expect(titles(send(query(null)))).toEqual(['a:renamed:2025-10-20', 'n:new:2025-10-15']);
  });

  it('rollback discards them', () => {
    const send = db([item('a')]);
    send({ type: 'db.begin', txId: 't1' });
    send({ type: 'db.insert', txId: 't1', item: item('n') });
    send({ type: 'db.update', txId: 't1', uuid: 'a', fields: { title: 'x', startDate: '2025-10-15', endDate: '2025-10-15' } });
    send({ type: 'db.rollback', txId: 't1' });
    expect(titles(send(query(null)))).toEqual(['a:a:2025-10-15']);
  });

  it('a second INSERT of a uuid is refused (primary key)', () => {
    const send = db([item('a')]);
    expect(send({ type: 'db.insert', txId: null, item: item('a') })).toEqual({ error: 'duplicate key value violates unique constraint' });
  });

  it('PostgreSQL: a DELETE waits for an open UPDATE of the row, an UPDATE after a committed delete finds no row', () => {
    const send = db([item('a')]);
    send({ type: 'db.begin', txId: 'edit' });
    send({ type: 'db.update', txId: 'edit', uuid: 'a', fields: { title: 'x', startDate: '2025-10-15', endDate: '2025-10-15' } });
    expect(send({ type: 'db.delete', txId: null, uuid: 'a' })).toEqual({ waitFor: 'edit' });
    send({ type: 'db.commit', txId: 'edit' });
    expect(send({ type: 'db.delete', txId: null, uuid: 'a' })).toEqual({ deleted: 1 });
    expect(send({ type: 'db.update', txId: null, uuid: 'a', fields: { title: 'y', startDate: '2025-10-15', endDate: '2025-10-15' } })).toEqual({ updated: 0 });
  });
});
