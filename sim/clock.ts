// Virtual time. The scheduler's integer `nowMs` is the only clock the simulation has; this module
// maps it to the wall-clock dates the app prints (HTTP Date headers, the page's Date.now() in the
// cache-buster). Virtual 0 is 09:00 UTC on the scenario's "today".
import { parseIsoDate } from '../src/app/pythonDate';

export const DAY_START_UTC_MS = 9 * 3_600_000;

export function epochMsOf(today: string): number {
  return parseIsoDate(today) + DAY_START_UTC_MS;
}

export function epochIso(today: string): string {
  return new Date(epochMsOf(today)).toISOString();
}
