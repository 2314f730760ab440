// What a view sees of its request besides the request itself: the app's configuration, the
// server's "today", the virtual time (as Django would read it for headers), and the transaction
// that ATOMIC_REQUESTS or transaction.atomic opened.
import type { Config } from '../config';
import type { ViewProgram } from './ops';

export interface RequestContext {
  config: Config;
  /** date.today() on the server, YYYY-MM-DD. */
  today: string;
  /** Wall-clock ms of virtual 0, for HTTP dates. */
  epochMs: number;
  requestId: string;
  nowMs(): number;
  /** The open transaction, or null in autocommit. */
  txId: string | null;
  /** transaction.on_commit callbacks registered by this request, by id. */
  onCommit: Map<string, () => ViewProgram<void>>;
}
