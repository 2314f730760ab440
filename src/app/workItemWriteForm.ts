// The work item form as HTMX posts it (hx-post, form-encoded): Django's ModelForm fields, read the
// way the views' `form.cleaned_data` would have them. A missing or malformed field is a 400, as an
// invalid form would be re-rendered with errors.
import type { WorkItem, WorkItemFields } from '../layers/database';
import type { HttpRequest } from './http';
import { parseIsoDate } from './pythonDate';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A DateField's to_python(): YYYY-MM-DD and a real day of the calendar. */
function isDay(v: string): boolean {
  if (!DAY.test(v)) return false;
  try {
    parseIsoDate(v);
    return true;
  } catch {
    return false;
  }
}

/** The fields an edit may change: title and dates (the last day inclusive, as the DateField holds it). */
export function editFields(req: HttpRequest, current: WorkItem): WorkItemFields | null {
  const form = req.form ?? {};
  const title = form.title ?? current.title;
  const startDate = form.start_date ?? current.startDate;
  const endDate = form.end_date ?? current.endDate;
  if (!title || !isDay(startDate) || !isDay(endDate) || endDate < startDate) return null;
  return { title, startDate, endDate };
}

/**
 * A new item from the create form. The uuid: the model's `default=uuid.uuid4` is random; the
 * simulation takes the uuid the scenario gives the item (sent as the form's `uuid`), so a run stays
 * byte-identical. Who can see it: the creator and the team members the form lists.
 */
export function createdItem(req: HttpRequest): WorkItem | null {
  const form = req.form ?? {};
  const { uuid, title, start_date: startDate } = form;
  const endDate = form.end_date ?? startDate;
  if (!uuid || !title || !startDate || !isDay(startDate) || !isDay(endDate) || endDate < startDate) return null;
  const team = (form.visible_to ?? '').split(',').filter((id) => id !== '');
  return {
    uuid,
    title,
    startDate,
    endDate,
    workType: form.work_type ?? 'task',
    status: form.status ?? 'not_started',
    visibleTo: team.includes(req.userId) ? team : [req.userId, ...team],
  };
}
