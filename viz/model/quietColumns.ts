// Columns of the timing diagram with nothing in view, folded into one narrow column per run of
// them, as the flow view folds quiet boxes (quietRows.ts). cache-pressure has seven users: their 21
// per-user columns made the diagram 1,900 px wide, so at 1280 px the worker, the Django cache and
// the database (where its story happens) were off to the side. Only when the diagram is wider than
// the screen; a column with an event in view, or the selected event's, stays.
import type { Timeline } from './timeline';
import { FOLD_AT } from './quietRows';

const FOLDABLE = new Set(['user', 'calendar', 'browser']);

/** Per run: the actors whose columns fold, given the slots in view [s0, s1] and the selected slot. */
export function quietColumns(tl: Timeline, s0: number, s1: number, cursor: number): Array<Set<string>> {
  return tl.runs.map((ix, r) => {
    const busy = new Set<string>();
    const mark = (s: number) => {
      const seq = tl.slotEvent[r][s];
      if (seq < 0 || seq === undefined) return;
      const e = ix.events[seq];
      busy.add(e.actor);
      if (e.from) busy.add(e.from);
    };
    for (let s = Math.max(0, s0); s <= s1 && s < tl.n; s++) mark(s);
    if (cursor >= 0 && cursor < tl.n) mark(cursor);
    const out = new Set<string>();
    let run: string[] = [];
    let kind = '';
    const flush = () => {
      if (run.length >= FOLD_AT) for (const id of run) out.add(id);
      run = [];
    };
    for (const a of ix.actors) {
      const quiet = FOLDABLE.has(a.kind) && !busy.has(a.id);
      if (!quiet || a.kind !== kind) flush();
      kind = a.kind;
      if (quiet) run.push(a.id);
    }
    flush();
    return out;
  });
}

export function sameFolds(a: ReadonlyArray<ReadonlySet<string>>, b: ReadonlyArray<ReadonlySet<string>>): boolean {
  return a.length === b.length && a.every((s, i) => s.size === b[i].size && [...s].every((id) => b[i].has(id)));
}
