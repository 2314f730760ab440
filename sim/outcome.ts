// The run's verdict for people: every render is compared with the committed database, and for each
// deleted item and each user who could see it, when it vanished and whether it came back.
import type { WorkItem } from '../src/layers/database';
import { causeChain, describeChain } from './causeChain';
import { inRange, traceFacts } from './invariants/traceFacts';
import type { DeletionOutcome, Outcome, Resurrection, TraceEvent, UserOutcome } from './trace';

export function computeOutcome(events: readonly TraceEvent[], items: readonly WorkItem[], userNames: Record<string, string>): Outcome {
  // The same facts the invariant checkers read, so the outcome and the verdicts never disagree.
  const { renders: all, commits: committed } = traceFacts({ events });
  const deletions: DeletionOutcome[] = [];
  const summary: string[] = [];

  for (const [uuid, commitEvent] of committed) {
    const item = items.find((i) => i.uuid === uuid);
    if (!item) continue;
    const clicked = events.find((e) => e.type === 'user.delete' && e.payload.item === uuid);
    const deletedBy = clicked ? clicked.actor.replace(/^user:/, '') : '?';
    const ack = events.find((e) => e.type === 'page.workItemDeleted' && e.payload.item === uuid && e.payload.user === deletedBy);
    const users: UserOutcome[] = [];
    for (const userId of item.visibleTo) {
      const user = userNames[userId];
      if (!user) continue;
      const mine = all.filter((r) => r.user === user && r.seq > commitEvent.seq && !r.transient && inRange(item, r.rangeStart, r.rangeEnd));
      if (!mine.length) continue;
      let vanishedAt: number | null = null;
      let shownNow = true;
      const resurrections: Resurrection[] = [];
      for (const r of mine) {
        const shown = r.items.includes(uuid);
        if (!shown && vanishedAt === null) vanishedAt = r.t;
        if (shown && !shownNow) {
          const chain = causeChain(events, r.seq);
          resurrections.push({ t: r.t, seq: r.seq, cause: describeChain(chain), causeSeqs: chain.map((e) => e.seq) });
        }
        shownNow = shown;
      }
      const shownAtEnd = shownNow;
      users.push({ user, vanishedAt, resurrections, shownAtEnd });
      const who = `${user}${user === deletedBy ? ' (deleted it)' : ''}`;
      let line: string;
      if (vanishedAt === null) line = `${who}: "${item.title}" never disappeared from the calendar`;
      else {
        line = `${who}: "${item.title}" vanished at ${vanishedAt} ms`;
        for (const r of resurrections) line += `, came back at ${r.t} ms (${r.cause})`;
        if (!resurrections.length) line += shownAtEnd ? '' : ' and stayed gone';
      }
      if (shownAtEnd && vanishedAt !== null && resurrections.length) line += '; still shown at the end';
      if (shownAtEnd && vanishedAt === null) line += '; still shown at the end';
      summary.push(line);
    }
    deletions.push({ item: uuid, title: item.title, deletedBy, committedAt: commitEvent.t, ackAt: ack ? ack.t : null, users });
  }

  let staleRenders = 0;
  for (const r of all) {
    if (r.transient) continue;
    if (r.items.some((uuid) => committed.has(uuid) && committed.get(uuid)!.seq < r.seq)) staleRenders++;
  }
  if (!committed.size) summary.push('no item was deleted in this run');
  return { deletions, staleRenders, renders: all.filter((r) => !r.transient).length, summary };
}
