// The `work_item_update` view, written as the seed's delete view is: load the item, save the
// form's title and dates (`save(update_fields=[...])`), invalidate the feed cache with the same
// strategy as the delete (writeInvalidation.ts), and answer with an HX-Trigger the calendar page
// listens for (`workItemUpdated`, with the new title and dates).
import type { WorkItem } from '../layers/database';
import { addDays } from './pythonDate';
import type { HttpRequest, HttpResponse } from './http';
import { httpDate } from './neverCache';
import { cpu, db, DatabaseError, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { editFields } from './workItemWriteForm';
import { writeThenInvalidate } from './writeInvalidation';

export function* work_item_update(req: HttpRequest, uuid: string, rc: RequestContext): ViewProgram<HttpResponse> {
  const date = httpDate(rc.epochMs + rc.nowMs);
  // get_object_or_404(WorkItem, pk=uuid)
  const { row } = yield* db<{ row: WorkItem | null }>({ type: 'db.get', txId: rc.txId, uuid }, 'db.get');
  if (!row) return { status: 404, headers: { date }, body: null };
  const fields = editFields(req, row);
  if (!fields) return { status: 400, headers: { date }, body: null };

  yield* writeThenInvalidate(req.userId, rc, function* () {
    const { updated } = yield* db<{ updated: number }>({ type: 'db.update', txId: rc.txId, uuid, fields }, 'db.write');
    // save(update_fields=...) on a row that is gone (deleted since the get): Django raises
    // DatabaseError("Save with update_fields did not affect any rows.")
    if (updated === 0) throw new DatabaseError('Save with update_fields did not affect any rows.');
  });

  yield* cpu('build HX-Trigger response', 'view.buildResponse');
  return {
    status: 200,
    headers: {
      date: httpDate(rc.epochMs + rc.nowMs),
      'hx-trigger': JSON.stringify({ workItemUpdated: { id: row.uuid, title: fields.title, start: fields.startDate, end: addDays(fields.endDate, 1) } }),
    },
    body: null,
  };
}
