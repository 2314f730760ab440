// A case both Chromium launches must pass under retryIfBrowserGone, written once.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserGoneError, retryIfBrowserGone } from './browserWatch';

/** Runs a failing assertion on a page from `onPage` (which launches a browser for it) under retryIfBrowserGone: it must be thrown at once, not retried nor logged. */
export async function expectAssertionNotRetried(onPage: (use: (page: Page) => Promise<void>) => Promise<void>): Promise<void> {
  let attempts = 0;
  const logged: string[] = [];
  const run = retryIfBrowserGone(
    'the wrong sum',
    () =>
      onPage(async (page) => {
        attempts++;
        expect(await page.evaluate(() => 6 * 7)).toBe(41);
      }),
    (line) => logged.push(line),
  );
  await expect(run).rejects.toThrow(/expected 42 to be 41/);
  await expect(run).rejects.not.toBeInstanceOf(BrowserGoneError);
  expect(attempts).toBe(1);
  expect(logged).toEqual([]);
}
