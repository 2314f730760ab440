// What a view sees of its request besides the request itself: the app's configuration, the
// server's "today", the virtual time (as Django would read it for headers), and the transaction
// that ATOMIC_REQUESTS or transaction.atomic opened. Plain data, no closures: the simulator sets
// `nowMs` before each step of the view, and an on_commit callback is registered as a record
// naming what it runs, so a request's state can be copied and its view replayed.
import type { Config } from '../config';

/** A `transaction.on_commit(...)` callback, as data: what it calls, with which argument. */
export type OnCommitCallback = { call: 'bumpFeedVersion'; userId: string };

export interface RequestContext {
  config: Config;
  /** date.today() on the server, YYYY-MM-DD. */
  today: string;
  /** Wall-clock ms of virtual 0, for HTTP dates. */
  epochMs: number;
  requestId: string;
  /** Virtual ms now (timezone.now() for the view), set by the simulator before each step. */
  nowMs: number;
  /** The open transaction, or null in autocommit. */
  txId: string | null;
  /** transaction.on_commit callbacks registered by this request, by id. */
  onCommit: Record<string, OnCommitCallback>;
}

export function newRequestContext(config: Config, today: string, epochMs: number, requestId: string, nowMs: number): RequestContext {
  return { config, today, epochMs, requestId, nowMs, txId: null, onCommit: {} };
}
