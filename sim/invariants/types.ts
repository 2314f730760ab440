// What every invariant checker returns: one violation per stale episode, for one user and one
// item, with the chain of events (causeIds, newest first) that produced its first stale moment.

export interface Violation {
  /** Short name, e.g. "read-your-delete". */
  invariant: string;
  /** The invariant in one sentence, printed with every violation. */
  statement: string;
  /** Scenario user name ("A"), or "" when the violation is not about one user. */
  user: string;
  /** Work item uuid, or "" when the violation is not about one item. */
  item: string;
  /** Virtual ms when the staleness started. */
  startT: number;
  /** Virtual ms when it ended, or null: it never ended within the run. */
  endT: number | null;
  /** seqs of the events that led to it, newest first (the first one is where it was seen). */
  causeSeqs: number[];
  /** How it ended: a window (endT), the stale cache entry's TTL, or the end of the run (set by checkInvariants). */
  staleUntil?: 'window' | 'ttl' | 'end-of-run';
  /** How long it was stale, ms; null: unbounded (still stale at the end, nothing bounds it). */
  staleMs?: number | null;
  /** Virtual ms the staleness ended or will end (window end or TTL expiry); null: unbounded. */
  untilT?: number | null;
}

export interface CheckInvariantsOptions {
  /** Tolerate staleness that lasts at most this many ms (`--max-stale-ms`); unset: any staleness is a violation. */
  maxStaleMs?: number;
}

export interface InvariantInfo {
  name: string;
  statement: string;
}
