// The create and edit views invalidate exactly as the delete does, under every preset and every
// value of the invalidation knobs: driven through Django's request handling with a scripted
// database and cache, the operations around each view's one write statement are the same.
import { describe, expect, it } from 'vitest';
import { handleRequest } from '../../src/app/djangoHandler';
import { CREATE_PATH, deletePath, updatePath, type HttpRequest, type HttpResponse } from '../../src/app/http';
import type { Op } from '../../src/app/ops';
import { newRequestContext } from '../../src/app/requestContext';
import { PRESET_NAMES, resolveConfig, type Config } from '../../src/config';
import type { WorkItem } from '../../src/layers/database';

const ROW: WorkItem = { uuid: 'u1', title: 'Site visit', startDate: '2025-10-15', endDate: '2025-10-16', workType: 'activity', status: 'not_started', visibleTo: ['1'] };

/** Runs one request's view to its answer, replying to each operation as a database and cache would. */
function drive(request: HttpRequest, config: Config): { ops: Op[]; response: HttpResponse } {
  const rc = newRequestContext(config, '2025-10-06', 0, 'r1', 0);
  const program = handleRequest(request, rc);
  const ops: Op[] = [];
  const pending: Record<string, string[]> = {};
  let next = program.next();
  while (!next.done) {
    const op = next.value;
    ops.push(op);
    let reply: unknown = undefined;
    if (op.layer === 'db') {
      const ev = op.event;
      switch (ev.type) {
        case 'db.get': reply = { row: ROW }; break;
        case 'db.delete': reply = { deleted: 1 }; break;
        case 'db.insert': reply = { inserted: 1 }; break;
        case 'db.update': reply = { updated: 1, row: { ...ROW, ...ev.fields } }; break;
        case 'db.begin': pending[ev.txId] = []; reply = { ok: true }; break;
        case 'db.onCommit':
          if (ev.txId !== null) pending[ev.txId].push(ev.callbackId);
          reply = { runNow: ev.txId === null };
          break;
        case 'db.commit': reply = { callbacks: pending[ev.txId] ?? [], committed: [] }; break;
        case 'db.getVersion':
        case 'db.incrementVersion': reply = { value: 1 }; break;
        default: reply = { ok: true };
      }
    } else if (op.layer === 'cache' && !('batch' in op)) {
      const t = op.event.type;
      reply = t === 'cache.get' ? { hit: false, value: null, expired: false } : t === 'cache.add' ? { added: true } : t === 'cache.incr' ? { value: 1 } : { deleted: false };
    }
    next = program.next(reply);
  }
  return { ops, response: next.value };
}

/** Every operation but the view's own lookup and write statement, in order. */
function invalidation(ops: Op[]): string[] {
  return ops
    .filter((op) => !(op.layer === 'db' && ['db.get', 'db.delete', 'db.insert', 'db.update'].includes(op.event.type)))
    .map((op) => (op.layer === 'db' ? `${op.event.type}${'key' in op.event ? ` ${op.event.key}` : ''}` : op.layer === 'cpu' ? op.step : 'batch' in op ? `${op.label} (${op.batch.length} keys)` : `${op.event.type} ${op.event.key}`));
}

const requests = {
  delete: { method: 'DELETE', url: deletePath('u1'), headers: {}, userId: '1' },
  create: { method: 'POST', url: CREATE_PATH, headers: {}, userId: '1', form: { uuid: 'u2', title: 'Team lunch', start_date: '2025-10-21' } },
  edit: { method: 'POST', url: updatePath('u1'), headers: {}, userId: '1', form: { title: 'Site visit (client)' } },
} satisfies Record<string, HttpRequest>;

const KNOB_VARIANTS = [
  [],
  ['version.bumpWhen=on-commit'],
  ['deploy.atomicRequests=true'],
  ['deploy.atomicRequests=true', 'version.bumpWhen=on-commit'],
  ['version.store=cache', 'version.bump=get-set'],
  ['delete.keyLoop=six-week', 'delete.bumpVersion=false'],
  ['delete.keyLoop=none', 'delete.bumpVersion=false'],
];

describe('work_item_create and work_item_update invalidate as work_item_delete does', () => {
  for (const preset of PRESET_NAMES)
    for (const knobs of KNOB_VARIANTS)
      it(`${preset}${knobs.length ? ` with ${knobs.join(', ')}` : ''}`, () => {
        const config = resolveConfig(preset, knobs).config;
        const del = drive(requests.delete, config);
        expect(del.response.status).toBe(200);
        for (const write of ['create', 'edit'] as const) {
          const w = drive(requests[write], config);
          expect(w.response.status).toBe(200);
          expect(invalidation(w.ops)).toEqual(invalidation(del.ops));
        }
        // Not vacuous: every configuration but the last invalidates something.
        if (!knobs.includes('delete.keyLoop=none')) expect(invalidation(del.ops).length).toBeGreaterThan(1);
      });
});

describe('their answers', () => {
  const config = resolveConfig('broken').config;

  it('create: HX-Trigger workItemCreated with the event as the page adds it (end exclusive)', () => {
    const { response, ops } = drive(requests.create, config);
    expect(JSON.parse(response.headers['hx-trigger'])).toEqual({ workItemCreated: { id: 'u2', title: 'Team lunch', start: '2025-10-21', end: '2025-10-22' } });
    const insert = ops.find((op) => op.layer === 'db' && op.event.type === 'db.insert');
    expect(insert && insert.layer === 'db' && insert.event.type === 'db.insert' && insert.event.item.visibleTo).toEqual(['1']);
  });

  it('edit: HX-Trigger workItemUpdated with the new title and the unchanged dates', () => {
    const { response } = drive(requests.edit, config);
    expect(JSON.parse(response.headers['hx-trigger'])).toEqual({ workItemUpdated: { id: 'u1', title: 'Site visit (client)', start: '2025-10-15', end: '2025-10-17' } });
  });

  it('an invalid form is a 400 and writes nothing', () => {
    const forms: Record<string, string>[] = [{ title: 'x' }, { uuid: 'u3', title: 'x', start_date: '2025-13-01' }, { uuid: 'u3', title: 'x', start_date: '2025-10-02', end_date: '2025-10-01' }];
    for (const form of forms) {
      const { response, ops } = drive({ ...requests.create, form }, config);
      expect(response.status).toBe(400);
      expect(ops).toEqual([]);
    }
    const { response } = drive({ ...requests.edit, form: { start_date: '2025-10-20' } }, config);
    expect(response.status).toBe(400);
  });
});
