// The run's verdict for people: every render is compared with the committed database, and for each
// deleted item and each user who could see it, when it vanished and whether it came back.
import type { WorkItem } from '../src/layers/database';
import { causeChain, describeChain } from './causeChain';
import type { DeletionOutcome, Outcome, Resurrection, TraceEvent, UserOutcome } from './trace';

interface RenderFacts {
  seq: number;
  t: number;
  user: string;
  items: string[];
  transient: boolean;
  rangeStart: string | null;
  rangeEnd: string | null;
}

function renders(events: readonly TraceEvent[]): RenderFacts[] {
  return events
    .filter((e) => e.type === 'calendar.render')
    .map((e) => ({
      seq: e.seq,
      t: e.t,
      user: e.payload.user as string,
      items: e.payload.items as string[],
      transient: Boolean(e.payload.transient),
      rangeStart: (e.payload.rangeStart as string | null) ?? null,
      rangeEnd: (e.payload.rangeEnd as string | null) ?? null,
    }));
}

/** seq of the event that made each deleted item's removal visible to everybody. */
export function commits(events: readonly TraceEvent[]): Map<string, TraceEvent> {
  const out = new Map<string, TraceEvent>();
  for (const e of events) {
    const committed = e.payload.committed;
    if (e.actor === 'db' && Array.isArray(committed)) for (const uuid of committed as string[]) if (!out.has(uuid)) out.set(uuid, e);
  }
  return out;
}

function inRange(item: WorkItem, r: RenderFacts): boolean {
  return r.rangeStart !== null && r.rangeEnd !== null && item.startDate < r.rangeEnd && item.endDate >= r.rangeStart;
}

export function computeOutcome(events: readonly TraceEvent[], items: readonly WorkItem[], userNames: Record<string, string>): Outcome {
  const all = renders(events);
  const committed = commits(events);
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
      const mine = all.filter((r) => r.user === user && r.seq > commitEvent.seq && !r.transient && inRange(item, r));
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
