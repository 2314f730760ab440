// The rig's recovery, shown on real Debian Chromium: its process is killed (SIGKILL, by pid) while a
// call is in flight; the error says which process went and how, and the work runs again once on a
// fresh browser and completes. An assertion failure is never retried, nor is a second loss.
import { describe, expect, it } from 'vitest';
import { alive } from '../pidAlive';
import { expectAssertionNotRetried } from './retryCases';
import { BrowserGoneError, launchWatchedChromium, retryIfBrowserGone, type WatchedChromium } from './watchedChromium';

/** Opens a page on a fresh watched Chromium, runs `use` on it, and closes the browser; errors pass through `explain`. */
async function withPage<T>(use: (c: WatchedChromium, page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  const c = await launchWatchedChromium();
  try {
    const context = await c.browser.newContext();
    c.watch(context);
    const page = await context.newPage();
    await page.goto('data:text/html,<title>rig</title>');
    return await use(c, page);
  } catch (error) {
    throw await c.explain(error);
  } finally {
    await c.close();
  }
}

/** Kills Chromium while a page.evaluate is still waiting on it, and returns what that call ends with. */
async function killMidCall(c: WatchedChromium, page: import('playwright-core').Page): Promise<number> {
  const pending = page.evaluate(() => new Promise<number>((resolve) => setTimeout(() => resolve(-1), 30_000)));
  await new Promise((r) => setTimeout(r, 100));
  process.kill(c.pid, 'SIGKILL');
  return pending;
}

describe('watched Chromium: why it went away, and one retry', () => {
  it('a SIGKILL mid-call is reported with the pid and signal, and the work runs again on a relaunched browser and completes', { timeout: 60_000 }, async () => {
    const pids: number[] = [];
    const logged: string[] = [];
    const { value, retried } = await retryIfBrowserGone(
      'the sum',
      (attempt) =>
        withPage(async (c, page) => {
          pids.push(c.pid);
          if (attempt === 1) await killMidCall(c, page);
          return page.evaluate(() => 6 * 7);
        }),
      (line) => logged.push(line),
    );
    expect(value).toBe(42);
    expect(pids).toHaveLength(2);
    expect(pids[0]).not.toBe(pids[1]);
    expect(alive(pids[0])).toBe(false);
    expect(retried).toContain(`process ${pids[0]} was killed by SIGKILL`);
    expect(retried).toContain('the sum ran again');
    // The log line carries Playwright's own error and what the watch saw.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/page\.evaluate: /);
    expect(logged[0]).toContain(`Chromium (pid ${pids[0]}) went away: process ${pids[0]} was killed by SIGKILL`);
  });

  it('an assertion failure after using the browser is thrown at once, not retried', { timeout: 60_000 }, () => expectAssertionNotRetried((use) => withPage((_c, page) => use(page))));

  it('an error while the browser is up is left as it is', { timeout: 60_000 }, async () => {
    const c = await launchWatchedChromium();
    try {
      const error = new Error('the real stack did not go quiet within 20 s');
      expect(c.gone()).toBeNull();
      expect(await c.explain(error)).toBe(error);
    } finally {
      await c.close();
    }
  });

  it('losing the browser on the retry too is thrown, with both reasons, and not tried a third time', { timeout: 60_000 }, async () => {
    let attempts = 0;
    const run = retryIfBrowserGone(
      'the doomed sum',
      () =>
        withPage(async (c, page) => {
          attempts++;
          return killMidCall(c, page);
        }),
      () => undefined,
    );
    await expect(run).rejects.toBeInstanceOf(BrowserGoneError);
    await expect(run).rejects.toThrow(/the doomed sum: Chromium went away on the retry too\. First time: process \d+ was killed by SIGKILL/);
    expect(attempts).toBe(2);
  });
});
