// Actor ids (`worker:1`, `calendar:A`, ...), each string made once: a run names an actor in
// nearly every event and task, and a string built anew each time was kept by every queued
// schedule's events and tasks (75,000 copies of "worker:1" in one heap of cache-pressure's queue)
// and hashed again at each layer lookup.
const WORKERS: string[] = [];
const CACHES: string[] = [];
const BY_USER = { calendar: new Map<string, string>(), browser: new Map<string, string>(), user: new Map<string, string>() };

export function workerId(w: number): string {
  return (WORKERS[w] ??= `worker:${w}`);
}

/** A worker's LocMem cache. */
export function cacheId(w: number): string {
  return (CACHES[w] ??= `cache:${w}`);
}

function byUser(kind: 'calendar' | 'browser' | 'user', user: string): string {
  const ids = BY_USER[kind];
  let id = ids.get(user);
  if (id === undefined) {
    id = `${kind}:${user}`;
    ids.set(user, id);
  }
  return id;
}

export const calendarId = (user: string): string => byUser('calendar', user);
export const browserId = (user: string): string => byUser('browser', user);
export const userActorId = (user: string): string => byUser('user', user);
