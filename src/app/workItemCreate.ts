// The `work_item_create` view, written as the seed's delete view is: save the new item, invalidate
// the feed cache with the same strategy as the delete (writeInvalidation.ts), and answer with an
// HX-Trigger the calendar page listens for (`workItemCreated`, the event as the page adds it).
import { addDays } from './pythonDate';
import type { HttpRequest, HttpResponse } from './http';
import { httpDate } from './neverCache';
import { cpu, db, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { createdItem } from './workItemWriteForm';
import { writeThenInvalidate } from './writeInvalidation';

export function* work_item_create(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  // if not form.is_valid(): re-render the form (400)
  const item = createdItem(req);
  if (!item) return { status: 400, headers: { date: httpDate(rc.epochMs + rc.nowMs) }, body: null };

  // WorkItem.objects.create(**form.cleaned_data)
  yield* writeThenInvalidate(req.userId, rc, () => db({ type: 'db.insert', txId: rc.txId, item }, 'db.write'));

  yield* cpu('build HX-Trigger response', 'view.buildResponse');
  return {
    status: 200,
    headers: {
      date: httpDate(rc.epochMs + rc.nowMs),
      'hx-trigger': JSON.stringify({ workItemCreated: { id: item.uuid, title: item.title, start: item.startDate, end: addDays(item.endDate, 1) } }),
    },
    body: null,
  };
}
