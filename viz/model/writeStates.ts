// Where a created or edited item stands on each user's calendar at a step, from the write outcome
// `run` prints (sim/writeOutcome.ts): wrong since its first render after the commit ("stale", as a
// deleted item still on screen), or wrong again after it was shown as written ("back", as a deleted
// item that came back). A calendar that shows it as written, or has not rendered since, says nothing.
import type { WriteOutcome } from '../../sim/writeOutcome';

export interface WriteState {
  outcome: WriteOutcome;
  user: string;
  state: 'stale' | 'back';
  /** seq of the render that made it so. */
  since: number;
}

/** Each user whose calendar, after event `seq`, shows a write wrong (its item's old version, or, for a create, nothing). */
export function writeStatesAt(outcomes: readonly WriteOutcome[], seq: number): WriteState[] {
  const out: WriteState[] = [];
  for (const o of outcomes) {
    if (seq <= o.write.seq || seq >= o.until) continue;
    for (const u of o.users) {
      let state: WriteState['state'] | null = null;
      let since = -1;
      if (u.wrongFirst && u.wrongFirst.seq <= seq) {
        state = 'stale';
        since = u.wrongFirst.seq;
      }
      for (const turn of u.turns) {
        if (turn.seq > seq) break;
        state = turn.right ? null : 'back';
        since = turn.seq;
      }
      if (state) out.push({ outcome: o, user: u.user, state, since });
    }
  }
  return out;
}

/** "the old version of "Site visit (client)", edited by A at 184 ms" / ""Planning day", created by B at 104 ms, is missing". */
export function describeWriteState(s: WriteState): string {
  const w = s.outcome.write;
  if (w.kind === 'create') return `"${w.title}", created by ${s.outcome.writer} at ${w.t} ms, is ${s.state === 'back' ? 'gone again' : 'not there yet'}`;
  return `"${w.title}" shows its old version${s.state === 'back' ? ' again' : ''}, edited by ${s.outcome.writer} at ${w.t} ms`;
}
