// Rows of the flow view that have nothing to show yet (a user who has not acted, a calendar not
// open, an empty browser cache), folded into one line per run of them. cache-pressure has seven
// users: unfolded, their 21 empty boxes pushed the worker and the Django cache, where the story
// happens, below the first screen.
import type { Row } from './layerModel';

/** Folded only from this many rows on: a second user's idle box is worth its line. */
export const FOLD_AT = 3;

const FOLDABLE = new Set(['user', 'calendar', 'browser']);

export interface FoldedRows {
  folded: true;
  kind: string;
  heading: string;
  rows: Row[];
}

/** Nothing to show: no lines, no copy of a deleted item, not part of the step's message. */
export function isQuiet(row: Row): boolean {
  return FOLDABLE.has(row.actor.kind) && row.lines.length === 0 && row.more === 0 && row.copies === 0 && row.olds === 0 && row.role === null;
}

/**
 * The rows in order, each run of at least FOLD_AT neighbouring quiet rows of one kind and one
 * heading as one group. Rows in `keep` (marked at this step: a cause, an effect, changed) stay.
 */
export function foldQuietRows(rows: readonly Row[], keep: ReadonlySet<string>): Array<Row | FoldedRows> {
  const out: Array<Row | FoldedRows> = [];
  let run: Row[] = [];
  const flush = () => {
    if (run.length >= FOLD_AT) out.push({ folded: true, kind: run[0].actor.kind, heading: run[0].heading, rows: run });
    else out.push(...run);
    run = [];
  };
  for (const row of rows) {
    const quiet = isQuiet(row) && !keep.has(row.actor.id);
    if (quiet && run.length && (run[0].actor.kind !== row.actor.kind || run[0].heading !== row.heading)) flush();
    if (quiet) run.push(row);
    else {
      flush();
      out.push(row);
    }
  }
  flush();
  return out;
}

export function isFolded(x: Row | FoldedRows): x is FoldedRows {
  return 'folded' in x;
}

/** Per-user boxes of one kind, named by their users: "browser HTTP caches of C, D, E". */
const FOLDED_NAME: Record<string, string> = { user: 'users', calendar: 'FullCalendar of', browser: 'browser HTTP caches of' };

export function foldedName(group: FoldedRows): string {
  const rows = group.rows;
  return rows.every((r) => r.actor.user) ? `${FOLDED_NAME[group.kind] ?? group.kind} ${rows.map((r) => r.actor.user).join(', ')}` : rows.map((r) => r.actor.label).join(', ');
}
