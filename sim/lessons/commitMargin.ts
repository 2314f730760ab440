// How far apart, on a scenario's nominal schedule, the delete's COMMIT and the version read of the
// page's fetch #2 are: lesson 8 says how small a shift of the schedule puts the read's snapshot
// before the COMMIT (READ COMMITTED: a read sees what was committed when it began).
import type { Trace } from '../trace';
import { nominalRun } from './nominalRun';
import { causedBy, deleteViewEvents, firstEvent } from './traceQueries';

export interface CommitMargin {
  /** When the delete view's transaction commits. */
  commitMs: number;
  /** When fetch #2's read of the version begins (its snapshot time). */
  readMs: number;
  marginMs: number;
}

/** The delete's COMMIT and the version read of `user`'s fetch #2 in a trace. */
export function commitMarginOf(t: Trace, user = 'A'): CommitMargin {
  const commit = deleteViewEvents(t).find((e) => e.type === 'db.commit');
  if (!commit) throw new Error(`${t.scenario}: the delete view never commits`);
  const fetch2 = firstEvent(t, (e) => e.type === 'calendar.fetch' && e.actor === `calendar:${user}` && e.payload.fetchId === 2);
  const read = firstEvent(t, (e) => e.type === 'db.getVersion' && causedBy(t, e, fetch2.seq), fetch2.seq);
  const readMs = read.payload.snapshotAtMs as number;
  return { commitMs: commit.t, readMs, marginMs: readMs - commit.t };
}

/** commitMarginOf the scenario's nominal schedule under a preset. */
export function commitMargin(scenario: string, preset: string, overrides: readonly string[] = []): CommitMargin {
  return commitMarginOf(nominalRun(scenario, preset, overrides));
}
