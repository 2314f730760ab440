// Which of the app's views Django's URL patterns send a request to, as djangoHandler.ts routes it:
// one place for the user's app's routing and for saying which views a run called.
import { DELETE_ROUTE, UPDATE_ROUTE } from '../djangoHandler';
import { CREATE_PATH, FEED_PATH } from '../http';
import type { USER_VIEW_NAMES } from './types';

export type UserViewName = (typeof USER_VIEW_NAMES)[number];

/** The view and its uuid argument, or null for a URL no view answers (the page, its scripts: 404 here). */
export function viewFor(method: string, url: string): { view: UserViewName; uuid: string } | null {
  const path = url.split('?')[0];
  if (path === FEED_PATH && method === 'GET') return { view: 'work_items_calendar_feed', uuid: '' };
  const d = DELETE_ROUTE.exec(path);
  if (d && method === 'DELETE') return { view: 'work_item_delete', uuid: d[1] };
  if (path === CREATE_PATH && method === 'POST') return { view: 'work_item_create', uuid: '' };
  const u = UPDATE_ROUTE.exec(path);
  if (u && method === 'POST') return { view: 'work_item_update', uuid: u[1] };
  return null;
}
