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
}

export interface InvariantInfo {
  name: string;
  statement: string;
}
