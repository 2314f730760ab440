// Loads the real FullCalendar 6.1.22 (core + daygrid index.global.js from node_modules) and the
// harness into a blank page of a launched Chromium.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { CalendarOp, Observation, SequenceSetup } from './ops';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

export const FULLCALENDAR_PACKAGES = `@fullcalendar/core ${packageVersion('@fullcalendar/core')} + @fullcalendar/daygrid ${packageVersion('@fullcalendar/daygrid')} (index.global.js)`;

export interface RangeCase extends SequenceSetup {
  month: string;
}

interface HarnessWindow {
  fcHarness: {
    ranges(cases: RangeCase[]): ({ startStr: string; endStr: string } | null)[];
    runSequence(setup: SequenceSetup, ops: CalendarOp[]): Observation[];
  };
}

export async function openFullCalendarPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setContent('<!doctype html><html><body><div id="calendar" style="width:900px"></div></body></html>');
  await page.addScriptTag({ path: join(packageDir('@fullcalendar/core'), 'index.global.js') });
  await page.addScriptTag({ path: join(packageDir('@fullcalendar/daygrid'), 'index.global.js') });
  await page.addScriptTag({ path: join(HERE, 'harness.js') });
  const ready = await page.evaluate(() => typeof (window as unknown as Partial<HarnessWindow>).fcHarness === 'object');
  if (!ready) throw new Error(`FullCalendar harness did not load: ${errors.join('; ') || 'no page error'}`);
  return page;
}

/** "... in HeadlessChrome/156.x, browser time zone X" for the conformance record. */
export async function describeReal(page: Page): Promise<string> {
  const { agent, zone } = await page.evaluate(() => ({
    agent: navigator.userAgent,
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  }));
  const chrome = /HeadlessChrome\/[\d.]+|Chrome\/[\d.]+/.exec(agent)?.[0] ?? agent;
  return `${FULLCALENDAR_PACKAGES} in Debian Chromium (${chrome}), browser time zone ${zone}`;
}

export function realRanges(page: Page, cases: RangeCase[]) {
  return page.evaluate((list) => (window as unknown as HarnessWindow).fcHarness.ranges(list), cases);
}

export function runRealSequence(page: Page, setup: SequenceSetup, ops: CalendarOp[]): Promise<Observation[]> {
  return page.evaluate(([s, o]) => (window as unknown as HarnessWindow).fcHarness.runSequence(s, o), [setup, ops] as const);
}
