// The calendar page script (oobc_calendar.html): the `events` function's fetch, with fix 3's
// cache-buster and no-cache request headers as options.
import type { Config } from '../config';
import { FEED_PATH } from './http';

/** The page's filter form (work type and status selects): null is "all". */
export interface FeedFilter {
  workType: string | null;
  status: string | null;
}

export const NO_FILTER: FeedFilter = { workType: null, status: null };

export interface FeedFetch {
  url: string;
  headers: Record<string, string>;
  cacheMode: Config['page.fetchCacheMode'];
}

/** fetch('{% url "common:work_items_calendar_feed" %}?start=' + info.startStr + '&end=' + info.endStr ...) */
export function feedFetch(startStr: string, endStr: string, config: Config, wallClockMs: number, filter: FeedFilter = NO_FILTER): FeedFetch {
  // The seed concatenates the strings unencoded: a '+' in an offset would arrive as a space, but
  // FullCalendar's offsets here are 'Z' or '-04:00', which survive.
  let url = `${FEED_PATH}?start=${startStr}&end=${endStr}`;
  // The filter form's values, when one is chosen: the parameters the feed view reads (work_type, status).
  if (filter.workType !== null) url += `&work_type=${encodeURIComponent(filter.workType)}`;
  if (filter.status !== null) url += `&status=${encodeURIComponent(filter.status)}`;
  if (config['page.cacheBuster']) url += `&_=${wallClockMs}`;
  const headers: Record<string, string> = {};
  if (config['page.noCacheHeaders']) {
    headers['cache-control'] = 'no-cache';
    headers.pragma = 'no-cache';
  }
  return { url, headers, cacheMode: config['page.fetchCacheMode'] };
}
