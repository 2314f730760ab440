// What every write view of the seed's app does around its statement, so create, edit and delete
// invalidate alike under every configuration: with a version kept in a database row, its own
// `transaction.atomic()` block around the write and the bump; the version bump (fix 2) in the view
// or in `transaction.on_commit`; then the configured loop of exact-key `cache.delete` calls. The
// knobs keep the delete's names (`delete.keyLoop`, `delete.bumpVersion`): they name the seed's
// invalidation code, which the create and edit views call too.
import { bumpFeedVersion } from './feedVersion';
import { keysForSpans, monthBoundarySpans, sixWeekSpans } from './invalidation';
import { runOnCommitCallbacks } from './onCommit';
import { cacheDeleteLoop, db, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { BoundedMemo } from '../boundedMemo';

/**
 * The keys a loop deletes: a function of the loop, the user and today only, and 100 or 125 keys
 * built from date arithmetic at every write, so each list is built once (and never changed).
 * Bounded: a user's own app or scenario file can bring users and days without end.
 */
const LOOP_KEYS = new BoundedMemo<string, readonly string[]>(1024);

export function loopKeys(loop: 'month-boundary' | 'six-week', userId: string, today: string): readonly string[] {
  return LOOP_KEYS.get(`${loop} ${userId} ${today}`, () =>
    Object.freeze(keysForSpans(userId, loop === 'six-week' ? sixWeekSpans(today) : monthBoundarySpans(today))),
  );
}

export function* writeThenInvalidate<R>(userId: string, rc: RequestContext, write: () => ViewProgram<R>): ViewProgram<R> {
  const cfg = rc.config;
  // A version kept in a database row is bumped in the same `transaction.atomic()` block as the
  // write, so no reader can see one without the other.
  const ownAtomic = cfg['delete.bumpVersion'] && cfg['version.store'] === 'db' && rc.txId === null;
  if (ownAtomic) {
    rc.txId = `${rc.requestId}:atomic`;
    yield* db({ type: 'db.begin', txId: rc.txId }, 'db.begin');
  }

  const result = yield* write();

  if (cfg['delete.bumpVersion']) {
    if (cfg['version.bumpWhen'] === 'on-commit') {
      const callbackId = `${rc.requestId}:bump-version`;
      rc.onCommit[callbackId] = { call: 'bumpFeedVersion', userId };
      const { runNow } = yield* db<{ runNow: boolean }>({ type: 'db.onCommit', txId: rc.txId, callbackId }, 'db.begin');
      if (runNow) yield* bumpFeedVersion(userId, rc);
    } else {
      yield* bumpFeedVersion(userId, rc);
    }
  }

  if (cfg['delete.keyLoop'] === 'month-boundary') {
    yield* cacheDeleteLoop(loopKeys('month-boundary', userId, rc.today), 'month-boundary loop: 4 months x 5 work types x 5 statuses');
  } else if (cfg['delete.keyLoop'] === 'six-week') {
    yield* cacheDeleteLoop(loopKeys('six-week', userId, rc.today), 'six-week loop: 5 views x 5 work types x 5 statuses');
  }

  if (ownAtomic) {
    const { callbacks } = yield* db<{ callbacks: string[]; committed: string[] }>({ type: 'db.commit', txId: rc.txId! }, 'db.commit');
    rc.txId = null;
    yield* runOnCommitCallbacks(callbacks, rc);
  }
  return result;
}
