// Fix 2's version counter: read by the feed, bumped by the delete. The seed keeps it in Django's
// cache and bumps it with get-then-set; the knobs also allow an atomic incr, a global counter, and
// a database row (which commits atomically with the delete).
import { feedVersionKey } from './calendarFeedKey';
import { cacheAdd, cacheGet, cacheIncr, cacheSet, db, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';

export function* readFeedVersion(userId: string, rc: RequestContext): ViewProgram<number> {
  const key = feedVersionKey(rc.config['version.scope'], userId);
  if (rc.config['version.store'] === 'db') {
    const { value } = yield* db<{ value: number }>({ type: 'db.getVersion', txId: rc.txId, key }, 'db.version');
    return value;
  }
  // cache.get(cache_version_key, 0)
  const r = yield* cacheGet(key, 'cache.getVersion', 0);
  return typeof r.value === 'number' ? r.value : 0;
}

export function* bumpFeedVersion(userId: string, rc: RequestContext): ViewProgram<void> {
  const cfg = rc.config;
  const key = feedVersionKey(cfg['version.scope'], userId);
  if (cfg['version.store'] === 'db') {
    yield* db({ type: 'db.incrementVersion', txId: rc.txId, key }, 'db.version');
    return;
  }
  if (cfg['version.bump'] === 'incr') {
    // cache.incr raises ValueError on a missing key, so add(key, 0, None) first.
    yield* cacheAdd(key, 0, null);
    yield* cacheIncr(key);
    return;
  }
  // As the seed writes it: current_version = cache.get(key, 0); cache.set(key, current_version + 1, None)
  const r = yield* cacheGet(key, 'cache.getVersion', 0);
  const current = typeof r.value === 'number' ? r.value : 0;
  yield* cacheSet(key, current + 1, null, 'cache.setVersion');
}
