// Work items shared by several scenarios. UUIDs are fixed so traces are byte-identical.
import type { WorkItem } from '../../src/layers/database';

export function workItem(n: number, title: string, startDate: string, endDate: string, visibleTo: string[], workType = 'task', status = 'not_started'): WorkItem {
  return { uuid: `5f0c7a3e-2b1d-4e8a-9c6f-${String(n).padStart(12, '0')}`, title, startDate, endDate, workType, status, visibleTo };
}

/** User 1's October 2025, the month of the seed's analysis (today 2025-10-06). */
export const OCTOBER_ITEMS: WorkItem[] = [
  workItem(1, 'Budget review', '2025-10-08', '2025-10-08', ['1'], 'meeting'),
  workItem(2, 'Site visit', '2025-10-15', '2025-10-16', ['1'], 'activity'),
  workItem(3, 'Quarterly report', '2025-10-27', '2025-10-31', ['1'], 'project', 'in_progress'),
  // Inside the 42-day range of October (it starts 2025-09-28) but not in the month itself.
  workItem(4, 'Kickoff workshop', '2025-09-29', '2025-09-29', ['1'], 'activity', 'completed'),
];

/** The item the seed's user deletes in most scenarios. */
export const SITE_VISIT = OCTOBER_ITEMS[1].uuid;
export const USER_1 = { name: 'A', userId: '1' };
