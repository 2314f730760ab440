// How a work item becomes a FullCalendar event in the feed, and how the page's
// `workItemDeleted` listener looks for it again.
import type { EventIdFormat } from '../config';
import type { WorkItem } from '../layers/database';
import { addDays } from './pythonDate';

export interface FeedEvent {
  id: string;
  title: string;
  start: string;
  /** All-day end, exclusive, as FullCalendar expects. */
  end: string;
  [key: string]: string;
}

/** The event id the feed emits for an item. `unmatched` is a format the listener never tries. */
export function calendarEventId(uuid: string, format: EventIdFormat): string {
  switch (format) {
    case 'uuid':
      return uuid;
    case 'work-item-uuid':
      return `work-item-${uuid}`;
    case 'unmatched':
      return `work_item_${uuid}`;
  }
}

export function toFeedEvent(item: WorkItem, format: EventIdFormat): FeedEvent {
  return { id: calendarEventId(item.uuid, format), title: item.title, start: item.startDate, end: addDays(item.endDate, 1) };
}

/** The listener's four tries, in the seed's order (oobc_calendar.html:584). */
export function listenerIdCandidates(workItemId: string): string[] {
  return [workItemId, `work-item-${workItemId}`, `coordination-event-${workItemId}`, `staff-task-${workItemId}`];
}
