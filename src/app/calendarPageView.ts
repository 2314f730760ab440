// The page load's server side: the calendar page (a template render, no queries) and its script
// files, served by a worker as django.views.static-style responses with no Last-Modified, ETag or
// Cache-Control, so Chromium's heuristic freshness is 0 and every load requests them again
// (FACTS sections 2 and 6). Each still takes a worker for its duration, which is what moves the
// round-robin position of the feed that follows.
import type { HttpRequest, HttpResponse } from './http';
import { httpDate } from './neverCache';
import { cpu, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';

export const CALENDAR_PAGE_PATH = '/oobc-management/calendar/';
export const STATIC_PREFIX = '/static/';

const SCRIPT_PATHS = new Map<number, readonly string[]>();

/** The script files of the page, in document order: FullCalendar core, daygrid, then the page's own. */
export function scriptPaths(count: number): readonly string[] {
  // Asked at every step of every page load: built once per count.
  let paths = SCRIPT_PATHS.get(count);
  if (paths === undefined) {
    const names = ['fullcalendar-core.js', 'fullcalendar-daygrid.js', 'calendar.js'];
    paths = Object.freeze(Array.from({ length: count }, (_, i) => `${STATIC_PREFIX}${names[i] ?? `script-${i + 1}.js`}`));
    SCRIPT_PATHS.set(count, paths);
  }
  return paths;
}

export function* calendar_page(_req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  yield* cpu('render oobc_calendar.html', 'view.page');
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', date: httpDate(rc.epochMs + rc.nowMs) }, body: null };
}

export function* serve_static(_req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  yield* cpu('read the script file', 'view.static');
  return { status: 200, headers: { 'content-type': 'application/javascript', date: httpDate(rc.epochMs + rc.nowMs) }, body: null };
}
