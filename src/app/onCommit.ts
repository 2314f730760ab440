// Runs the on_commit callbacks a COMMIT released, in registration order (Django runs them right
// after the commit, in the request's thread). Callbacks are records (requestContext.ts), so this
// is where each kind of callback is turned back into the code it calls.
import { bumpFeedVersion } from './feedVersion';
import type { ViewProgram } from './ops';
import type { RequestContext } from './requestContext';

export function* runOnCommitCallbacks(ids: readonly string[], rc: RequestContext): ViewProgram<void> {
  for (const id of ids) {
    const callback = rc.onCommit[id];
    if (!callback) throw new Error(`on_commit callback ${id} was never registered by ${rc.requestId}`);
    switch (callback.call) {
      case 'bumpFeedVersion':
        yield* bumpFeedVersion(callback.userId, rc);
        break;
    }
  }
}
