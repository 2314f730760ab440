// Requests and responses as they cross the network between the page and Django.
import type { JsonValue } from '../json';
import { BoundedMemo } from '../boundedMemo';

export interface HttpRequest {
  method: 'GET' | 'DELETE' | 'POST';
  /** Path and query string, e.g. /oobc-management/calendar/work-items/feed/?start=...&end=... */
  url: string;
  /** Lowercase header names. */
  headers: Record<string, string>;
  /** The logged-in user (Django's request.user.id). */
  userId: string;
  /** request.POST of a form that HTMX posts (hx-post): field name to value. Absent on GET and DELETE. */
  form?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  /** Lowercase header names. */
  headers: Record<string, string>;
  body: JsonValue;
}

export const FEED_PATH = '/oobc-management/calendar/work-items/feed/';

/**
 * The path of a URL: what comes before its query string (`request.path`). Not `url.split('?')[0]`,
 * which builds an array and a string per '?'-separated part, twice for every request routed.
 */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export function deletePath(uuid: string): string {
  return `/oobc-management/work-items/${uuid}/delete/`;
}

/** The create form's hx-post target (work_item_create). */
export const CREATE_PATH = '/oobc-management/work-items/create/';

/** The edit form's hx-post target (work_item_update). */
export function updatePath(uuid: string): string {
  return `/oobc-management/work-items/${uuid}/update/`;
}

/**
 * Every feed request of a run parses one of a few URLs: each is decoded once, each caller gets a
 * copy. Bounded: cache-buster parameters (`_=<ms>`) make new URLs without end.
 */
const PARSED_QUERIES = new BoundedMemo<string, Record<string, string>>(1024);

/** Query parameters of a URL, decoded; the last value wins like Django's QueryDict.get. */
export function queryParams(url: string): Record<string, string> {
  const known = PARSED_QUERIES.get(url, parseQuery);
  const params: Record<string, string> = {};
  for (const k in known) params[k] = known[k];
  return params;
}

/** queryParams without the memo (the test compares the two). */
export function parseQuery(url: string): Record<string, string> {
  const q = url.indexOf('?');
  const params: Record<string, string> = {};
  if (q < 0) return params;
  for (const part of url.slice(q + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    params[k] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
  }
  return params;
}
