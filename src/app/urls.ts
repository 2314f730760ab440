// The app's URL patterns (Django's urls.py) and which view a request resolves to: one place for the
// built-in routing (djangoHandler.ts), a user's app (userApp/handleUserRequest.ts) and for saying
// which views a run called (sim/app/builtInViewNote.ts).
import { CREATE_PATH, FEED_PATH, pathOf } from './http';
import type { USER_VIEW_NAMES } from './userApp/types';

export const DELETE_ROUTE = /^\/oobc-management\/work-items\/([^/]+)\/delete\/$/;
export const UPDATE_ROUTE = /^\/oobc-management\/work-items\/([^/]+)\/update\/$/;

export type ViewName = (typeof USER_VIEW_NAMES)[number];

/** The view a request resolves to and its uuid argument, or null (no pattern matches: 404). */
export function viewFor(method: string, url: string): { view: ViewName; uuid: string } | null {
  const path = pathOf(url);
  if (path === FEED_PATH && method === 'GET') return { view: 'work_items_calendar_feed', uuid: '' };
  const d = DELETE_ROUTE.exec(path);
  if (d && method === 'DELETE') return { view: 'work_item_delete', uuid: d[1] };
  if (path === CREATE_PATH && method === 'POST') return { view: 'work_item_create', uuid: '' };
  const u = UPDATE_ROUTE.exec(path);
  if (u && method === 'POST') return { view: 'work_item_update', uuid: u[1] };
  return null;
}
