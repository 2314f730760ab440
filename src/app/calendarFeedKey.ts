// The feed's cache key, spelled exactly as the seed's view builds it with an f-string, so Python's
// `None` appears for an absent filter: calendar_feed:{user_id}:{work_type}:{status}:{start_date}:{end_date}
// With fix 2 ("better approach") a version segment comes first: calendar_feed:v{n}:{user_id}:...

export function pythonStr(v: string | number | null): string {
  return v === null ? 'None' : String(v);
}

export interface FeedKeyParts {
  userId: string;
  workType: string | null;
  status: string | null;
  startDate: string;
  endDate: string;
  version?: number | null;
}

export function calendarFeedKey(p: FeedKeyParts): string {
  const tail = `${p.userId}:${pythonStr(p.workType)}:${pythonStr(p.status)}:${p.startDate}:${p.endDate}`;
  return p.version === undefined || p.version === null ? `calendar_feed:${tail}` : `calendar_feed:v${p.version}:${tail}`;
}

/** `calendar_feed_version:{user_id}` (the seed's, per user) or one counter for everybody. */
export function feedVersionKey(scope: 'per-user' | 'global', userId: string): string {
  return scope === 'per-user' ? `calendar_feed_version:${userId}` : 'calendar_feed_version';
}

/** The filter values the seed's invalidation loops enumerate. */
export const WORK_TYPES: (string | null)[] = [null, 'project', 'activity', 'task', 'meeting'];
export const STATUSES: (string | null)[] = [null, 'not_started', 'in_progress', 'completed', 'cancelled'];
