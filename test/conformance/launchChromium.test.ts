// The persistent-profile launch says why its browser went away, shown on real Debian Chromium: the
// browser process is found (its command line carries the profile), killed by pid with SIGKILL
// while a call waits on it, and the error names the pid and the signal, whether it reaches the test
// through explainChromium, withChromium or, for tests sharing one browser, the afterEach hook.
// withChromium's work runs again once under retryIfBrowserGone; an assertion failure never does.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { BrowserGoneError, retryIfBrowserGone } from './browserWatch';
import { expectAssertionNotRetried } from './retryCases';
import { chromiumPid, explainChromium, explainChromiumFailure, launchChromium, withChromium, type FailedTask } from './launchChromium';

/** Kills the context's Chromium while a page.evaluate is still waiting on it, and returns what that call ends with. */
async function killMidCall(context: BrowserContext): Promise<number> {
  const page = await context.newPage();
  await page.goto('data:text/html,<title>rig</title>');
  const pending = page.evaluate(() => new Promise<number>((resolve) => setTimeout(() => resolve(-1), 30_000)));
  await new Promise((r) => setTimeout(r, 100));
  process.kill(chromiumPid(context), 'SIGKILL');
  return pending;
}

function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
}

describe('persistent Chromium: why it went away', () => {
  it('a SIGKILL mid-call is reported with the pid, the signal and what Playwright saw', { timeout: 60_000 }, async () => {
    const context = await launchChromium({ timezoneId: 'UTC' });
    const pid = chromiumPid(context);
    // The process found is the one holding this launch's profile.
    const profileDir = commandLine(pid).find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length) ?? '';
    expect(profileDir).toContain('cachelab-chromium-');
    try {
      expect(existsSync(profileDir)).toBe(true);
      const error = await killMidCall(context).then(
        () => null,
        (e: unknown) => explainChromium(context, e),
      );
      expect(error).toBeInstanceOf(BrowserGoneError);
      const message = (error as BrowserGoneError).message;
      expect(message).toMatch(/^page\.evaluate: Target page, context or browser has been closed/);
      expect(message).toContain(`Chromium (pid ${pid}) went away: process ${pid} was killed by SIGKILL`);
      expect(message).toContain('Playwright saw the browser disconnect');
      expect(message).toMatch(/last lines of its stderr:\n {2}\S|nothing on its stderr/);
    } finally {
      await context.close();
    }
    // Closing (even a dead browser's context) removes the profile.
    expect(existsSync(profileDir)).toBe(false);
  });

  it("the afterEach hook adds the same account to a failed test's error while the browser it shared is gone", { timeout: 60_000 }, async () => {
    const context = await launchChromium();
    const pid = chromiumPid(context);
    try {
      const failure = await killMidCall(context).then(
        () => null,
        (e: Error) => ({ name: e.name, message: e.message, stack: e.stack }),
      );
      expect(failure).not.toBeNull();
      const assertion = { name: 'AssertionError', message: 'expected 42 to be 41', stack: 'AssertionError: expected 42 to be 41\n    at x.test.ts:1:1' };
      const task: FailedTask = { result: { state: 'fail', errors: [failure!, assertion] } };
      await explainChromiumFailure({ task });
      const [browserError, assertionError] = task.result!.errors!;
      expect(browserError.message).toContain(`Chromium (pid ${pid}) went away: process ${pid} was killed by SIGKILL`);
      expect(browserError.stack).toContain(`process ${pid} was killed by SIGKILL`);
      expect(assertionError).toEqual({ name: 'AssertionError', message: 'expected 42 to be 41', stack: 'AssertionError: expected 42 to be 41\n    at x.test.ts:1:1' });
    } finally {
      await context.close();
    }
  });

  it('an error while the browser is up (a page closed by the test included) is left as it is, by explainChromium and by the hook', { timeout: 60_000 }, async () => {
    const context = await launchChromium();
    try {
      // A page the test closes itself is no loss either.
      const page = await context.newPage();
      await page.goto('data:text/html,<title>rig</title>');
      await page.close();
      const error = new Error('no such element');
      expect(await explainChromium(context, error)).toBe(error);
      const task: FailedTask = { result: { state: 'fail', errors: [{ name: 'Error', message: 'no such element' }] } };
      await explainChromiumFailure({ task });
      expect(task.result!.errors![0].message).toBe('no such element');
    } finally {
      await context.close();
    }
  });

  it('withChromium under retryIfBrowserGone: a killed browser is relaunched once and the work completes', { timeout: 60_000 }, async () => {
    const pids: number[] = [];
    const logged: string[] = [];
    const { value, retried } = await retryIfBrowserGone(
      'the sum',
      (attempt) =>
        withChromium({}, async (context) => {
          pids.push(chromiumPid(context));
          if (attempt === 1) await killMidCall(context);
          const page = await context.newPage();
          return page.evaluate(() => 6 * 7);
        }),
      (line) => logged.push(line),
    );
    expect(value).toBe(42);
    expect(pids).toHaveLength(2);
    expect(pids[0]).not.toBe(pids[1]);
    expect(retried).toContain(`process ${pids[0]} was killed by SIGKILL`);
    expect(logged).toHaveLength(1);
  });

  it('withChromium under retryIfBrowserGone: an assertion failure is thrown at once, not retried', { timeout: 60_000 }, () =>
    expectAssertionNotRetried((use) => withChromium({}, async (context) => use(await context.newPage()))));
});
