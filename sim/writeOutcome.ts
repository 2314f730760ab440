// The outcome of creates and edits for people, as sim/outcome.ts gives it for deletes: for each
// committed write and each user who may see the item, when their calendar showed it as written and
// whether an older version (or, for a created item, nothing) came back. Without it `run` ended an
// edit's run with "no item was deleted" and "0 stale renders" while check found the same nominal
// schedule violating read-your-writes. Computed when the run is printed, from the facts the
// invariant checkers read, so a trace's bytes (and its `outcome`) stay as they were.
import { causeChain, describeChain } from './causeChain';
import { inRange, passesFilter, showsVersion, versionBefore, type RenderFact, type TraceFacts, type WriteFact } from './invariants/traceFacts';

/**
 * Whether render `r` is right about write `w`'s item: its events of the item are as written (an
 * edit that moves it out of the range leaves it in FullCalendar's store with its new dates, which
 * is right), and it has some where the range covers the item.
 */
function rightAbout(r: RenderFact, w: WriteFact): boolean {
  if (r.items.includes(w.uuid)) return showsVersion(r.shown, w.uuid, w);
  return !(inRange(w, r.rangeStart, r.rangeEnd) && passesFilter(w, r.filter));
}

/** Whether render `r` says anything about write `w`'s item: its range covers the item, or it shows it. */
function judges(r: RenderFact, w: WriteFact): boolean {
  return (inRange(w, r.rangeStart, r.rangeEnd) && passesFilter(w, r.filter)) || r.items.includes(w.uuid);
}

/** Who submitted the write: the user of the last create or edit step of the item before its commit. */
function writerOf(facts: TraceFacts, w: WriteFact): string {
  const type = w.kind === 'create' ? 'user.create' : 'user.edit';
  let click = null;
  for (const e of facts.events) {
    if (e.seq >= w.seq) break;
    if (e.type === type && e.payload.item === w.uuid) click = e;
  }
  return click ? click.actor.replace(/^user:/, '') : '?';
}

/** One moment a user's calendar changed its mind about a write: a render and what it said. */
export interface WriteMoment {
  seq: number;
  t: number;
}

/** What one user's calendar said about one committed write, render by render. */
export interface UserWriteOutcome {
  user: string;
  /** The user submitted the write. */
  wrote: boolean;
  /** The first render after the commit still had the item's old version (or, for a create, lacked it). */
  wrongFirst: WriteMoment | null;
  /** The first render that showed the item as written (null: none did). */
  shownAt: WriteMoment | null;
  /** Each render that turned right (shown, or back as written) or wrong again (the old version came back), in order. */
  turns: Array<WriteMoment & { right: boolean }>;
  /** Its last render was wrong although an earlier one was right. */
  staleAtEnd: boolean;
}

export interface WriteOutcome {
  write: WriteFact;
  writer: string;
  /** seq of the item's next write or its delete: from there on, that one is the version to show (Infinity: none). */
  until: number;
  /** Users whose calendar said something about the item (its range covered it, or it showed it); none left out. */
  users: UserWriteOutcome[];
}

/** For each committed write, what every user's calendar said about it until the item's next write or delete. */
export function writeOutcomes(facts: TraceFacts): WriteOutcome[] {
  const out: WriteOutcome[] = [];
  for (const w of facts.writes) {
    // Until the item's next write or its delete commits: from then on, that one is the version to show.
    const next = facts.writes.find((o) => o.uuid === w.uuid && o.seq > w.seq)?.seq ?? Infinity;
    const deleted = facts.commits.get(w.uuid);
    const until = Math.min(next, deleted && deleted.seq > w.seq ? deleted.seq : Infinity);
    const writer = writerOf(facts, w);
    const users: UserWriteOutcome[] = [];
    for (const [user, userId] of facts.userIds) {
      if (!w.visibleTo.includes(userId)) continue;
      const mine = facts.renders.filter((r) => r.user === user && r.seq > w.seq && r.seq < until && !r.transient && judges(r, w));
      if (!mine.length) continue;
      let shownAt: WriteMoment | null = null;
      let right = false;
      const turns: UserWriteOutcome['turns'] = [];
      // A page that had the item before the write shows its old version until its listener or a fetch catches up.
      const wrongFirst = rightAbout(mine[0], w) ? null : { seq: mine[0].seq, t: mine[0].t };
      for (const r of mine) {
        const now = rightAbout(r, w);
        if (now && shownAt === null) shownAt = { seq: r.seq, t: r.t };
        if (now !== right) turns.push({ seq: r.seq, t: r.t, right: now });
        right = now;
      }
      users.push({ user, wrote: user === writer, wrongFirst, shownAt, turns, staleAtEnd: !right && shownAt !== null });
    }
    out.push({ write: w, writer, until, users });
  }
  return out;
}

/** The renders where an older version of a written item (or, for a create, its absence) came back after the calendar had shown it as written. */
export function writeBackSeqs(outcomes: readonly WriteOutcome[]): number[] {
  const seqs = new Set<number>();
  for (const o of outcomes) for (const u of o.users) for (const turn of u.turns) if (!turn.right) seqs.add(turn.seq);
  return [...seqs].sort((a, b) => a - b);
}

/**
 * One entry per committed write: what it wrote, then a line for each user whose calendar said
 * something about it (its range covered the item, or it showed it); none for a run without writes.
 */
export function writeOutcomeLines(facts: TraceFacts): string[] {
  const lines: string[] = [];
  for (const { write: w, writer, users } of writeOutcomes(facts)) {
    const old = w.kind === 'create' ? 'it vanished' : 'the old version came back';
    const verb = w.kind === 'create' ? 'created' : 'edited';
    const userLines = users.map((u) => {
      const parts: string[] = [];
      if (u.wrongFirst) parts.push(`${w.kind === 'create' ? 'missing' : 'old version shown'} at ${u.wrongFirst.t} ms`);
      for (const turn of u.turns) {
        if (turn.right) parts.push(`${u.shownAt?.t === turn.t ? 'shown' : 'back'} as written at ${turn.t} ms`);
        else parts.push(`${old} at ${turn.t} ms (${describeChain(causeChain(facts.events, turn.seq))})`);
      }
      if (u.shownAt === null) parts.push('never shown as written');
      let line = parts.join(', ');
      if (u.staleAtEnd) line += `; ${w.kind === 'create' ? 'still missing' : 'the old version still shown'} at the end`;
      return `${u.user}${u.wrote ? ` (${verb} it)` : ''}: ${line}`;
    });
    const dates = w.startDate === w.endDate ? w.startDate : `${w.startDate} to ${w.endDate}`;
    if (userLines.length) lines.push([`${writer} ${verb} "${w.title}" (${dates}), committed at ${w.t} ms:`, ...userLines].join('\n      '));
  }
  return lines;
}

/** Renders wrong about a created or edited item: an older version than the one committed before them, or a created item missing where the range covers it. */
export function wrongWriteRenders(facts: TraceFacts): number {
  let n = 0;
  for (const r of facts.renders) {
    if (r.transient) continue;
    const written = new Set(facts.writes.filter((w) => w.seq < r.seq).map((w) => w.uuid));
    for (const uuid of written) {
      const version = versionBefore(facts, uuid, r.seq);
      if (version !== null && judges(r, version) && !rightAbout(r, version)) {
        n++;
        break;
      }
    }
  }
  return n;
}
