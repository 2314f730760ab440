// The seed's `work_items_calendar_feed` view (src/common/views/calendar.py), with the knobs of the
// seed's fixes: an optional version segment in the key (fix 2), `never_cache` (fix 1), an explicit
// max-age, and the event id format (fix 4).
import type { JsonValue } from '../json';
import type { WorkItem } from '../layers/database';
import { calendarFeedKey } from './calendarFeedKey';
import { toFeedEvent } from './calendarEvents';
import { queryParams, type HttpRequest, type HttpResponse } from './http';
import { addNeverCacheHeaders, httpDate } from './neverCache';
import { cacheGet, cacheSet, cpu, db, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { readFeedVersion } from './feedVersion';

/** Python truthiness of the cached value: `if cached:` treats an empty list as a miss. */
function pythonTruthy(v: JsonValue | null): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** The date part of FullCalendar's start/end strings, as the view parses them. */
export function feedDate(param: string | undefined, name: string): string {
  if (!param || !/^\d{4}-\d{2}-\d{2}/.test(param)) throw new RangeError(`feed request without a valid ${name}`);
  return param.slice(0, 10);
}

export function jsonResponse(body: JsonValue, rc: RequestContext): HttpResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json', date: httpDate(rc.epochMs + rc.nowMs) };
  if (rc.config['feed.neverCache']) Object.assign(headers, addNeverCacheHeaders(rc.nowMs, rc.epochMs));
  else if (rc.config['feed.maxAgeS'] !== null) headers['cache-control'] = `max-age=${rc.config['feed.maxAgeS']}`;
  return { status: 200, headers, body };
}

export function* work_items_calendar_feed(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  const cfg = rc.config;
  const q = queryParams(req.url);
  const workType = q.work_type ?? null;
  const status = q.status ?? null;
  const startDate = feedDate(q.start, 'start');
  const endDate = feedDate(q.end, 'end');

  let key: string | null = null;
  if (cfg['feed.serverCache']) {
    const version = cfg['feed.versionedKey'] ? yield* readFeedVersion(req.userId, rc) : null;
    key = calendarFeedKey({ userId: req.userId, workType, status, startDate, endDate, version });
    const cached = yield* cacheGet(key);
    if (cached.hit && pythonTruthy(cached.value)) {
      yield* cpu('JsonResponse(cached)', 'view.buildResponse');
      return jsonResponse(cached.value, rc);
    }
  }

  // Items the user can see that overlap [start, end), as the ORM filter does.
  const { rows } = yield* db<{ rows: WorkItem[] }>(
    { type: 'db.query', txId: rc.txId, userId: req.userId, rangeStart: startDate, rangeEnd: endDate, workType, status },
    'db.query',
  );
  const events = rows.map((row) => toFeedEvent(row, cfg['feed.eventIdFormat']));
  yield* cpu('serialize events', 'view.serialize');
  if (key !== null) yield* cacheSet(key, events, cfg['feed.cacheTtlS']);
  return jsonResponse(events, rc);
}
