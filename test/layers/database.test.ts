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

  it('users only see the items shared with them', () => {
    const send = db([item('a', ['1', '2']), item('b', ['1'])]);
    expect(uuids(send(query(null, '2')))).toEqual(['a']);
  });
});
