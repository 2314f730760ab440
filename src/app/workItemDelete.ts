// The seed's `work_item_delete` view (src/common/views/work_items.py): deletes the item, then
// invalidates the feed cache with the configured strategy (writeInvalidation.ts), and answers with
// an HX-Trigger header that the calendar page listens for.
import type { WorkItem } from '../layers/database';
import type { HttpRequest, HttpResponse } from './http';
import { httpDate } from './neverCache';
import { cpu, db, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { writeThenInvalidate } from './writeInvalidation';

export function* work_item_delete(req: HttpRequest, uuid: string, rc: RequestContext): ViewProgram<HttpResponse> {
  const date = httpDate(rc.epochMs + rc.nowMs);
  // get_object_or_404(WorkItem, pk=uuid)
  const { row } = yield* db<{ row: WorkItem | null }>({ type: 'db.get', txId: rc.txId, uuid }, 'db.get');
  if (!row) return { status: 404, headers: { date }, body: null };

  yield* writeThenInvalidate(req.userId, rc, () => db({ type: 'db.delete', txId: rc.txId, uuid }, 'db.delete'));

  yield* cpu('build HX-Trigger response', 'view.buildResponse');
  return {
    status: 200,
    headers: {
      date: httpDate(rc.epochMs + rc.nowMs),
      'hx-trigger': JSON.stringify({ workItemDeleted: { id: row.uuid, title: row.title } }),
    },
    body: null,
  };
}
