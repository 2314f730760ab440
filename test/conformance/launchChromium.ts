// Starts Debian's Chromium through playwright-core with the flags this machine needs
// (docs/facts.md, the tools). A missing browser is a failure with a clear message, never a skip.
// Each launch is watched (browserWatch.ts), so a browser that goes away under a test is reported
// with its pid, exit code or signal and stderr tail, not only as "Target page ... has been closed".
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { watchBrowser, type BrowserWatch } from './browserWatch';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
}

/** The watch of each context launchChromium returned and that is not closed yet. */
const watches = new Map<BrowserContext, BrowserWatch>();

/**
 * The browser process behind a persistent context. Playwright runs its launcher in this process and
 * reaches its own server objects through `_connection.toImpl` (its ElectronApplication.process()
 * does the same); the public API has no process for a persistent context, and launchServer, which
 * has one, keeps no profile. The process must carry this profile, or it is not the one we launched.
 */
function browserProcessOf(context: BrowserContext, profileDir: string): ChildProcess {
  const connection = (context as unknown as { _connection?: { toImpl?: (x: unknown) => unknown } })._connection;
  const impl = connection?.toImpl?.(context) as { _browser?: { options?: { browserProcess?: { process?: ChildProcess } } } } | undefined;
  const child = impl?._browser?.options?.browserProcess?.process;
  if (!child?.spawnargs.includes(`--user-data-dir=${profileDir}`)) {
    throw new Error('playwright-core no longer hands over the browser process of a persistent context as launchChromium.ts expects; update browserProcessOf there.');
  }
  return child;
}

/**
 * Removes a closed browser's profile. After a SIGKILL, Chromium's child processes can still be
 * writing into it for a moment (ENOTEMPTY), so removal is retried, and a profile that still cannot
 * go is left behind: a leftover folder in /tmp must not fail the test that closed the browser.
 */
function removeProfile(profileDir: string): void {
  try {
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // Left behind, as every profile was before removal was added.
  }
}

/** A fresh profile each time, so the HTTP cache starts empty. `timezoneId` sets the page's zone. */
export async function launchChromium(options: { timezoneId?: string } = {}): Promise<BrowserContext> {
  requireChromium();
  const profileDir = mkdtempSync(join(tmpdir(), 'cachelab-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timezoneId: options.timezoneId,
  });
  let watch: BrowserWatch;
  try {
    watch = watchBrowser(browserProcessOf(context, profileDir), context.browser()!);
  } catch (error) {
    await context.close();
    throw error;
  }
  watch.watch(context);
  watches.set(context, watch);
  // Our own close is no loss: say so before Playwright's close events arrive. The profile goes
  // with the browser (Playwright leaves a directory it was given).
  const close = context.close.bind(context);
  context.close = async (closeOptions) => {
    watch.closing();
    watches.delete(context);
    try {
      return await close(closeOptions);
    } finally {
      removeProfile(profileDir);
    }
  };
  return context;
}

function watchOf(context: BrowserContext): BrowserWatch {
  const watch = watches.get(context);
  if (!watch) throw new Error('this context was not launched by launchChromium, or is closed');
  return watch;
}

/** The pid of the Chromium process behind a context from launchChromium. */
export function chromiumPid(context: BrowserContext): number {
  return watchOf(context).pid;
}

/** `error` as is, or a BrowserGoneError naming the pid, exit code or signal and stderr tail when the context's Chromium went away. */
export function explainChromium(context: BrowserContext, error: unknown): Promise<unknown> {
  return watchOf(context).explain(error);
}

/** Launches Chromium, runs `use` on it, closes it; an error from a browser that went away comes out as a BrowserGoneError. */
export async function withChromium<T>(options: { timezoneId?: string }, use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await launchChromium(options);
  try {
    return await use(context);
  } catch (error) {
    throw await explainChromium(context, error);
  } finally {
    await context.close();
  }
}

/** What a failed test's errors look like to an afterEach hook (vitest's TestError, the fields used here). */
export interface FailedTask {
  result?: { state?: string; errors?: { name?: string; message: string; stack?: string }[] };
}

/**
 * An afterEach hook for test files that share one browser between tests: when a test failed and a
 * Chromium from launchChromium went away, each of its errors gets the watch's account (pid, exit
 * code or signal, stderr tail, crashed pages). An assertion failure is left as it is.
 */
export async function explainChromiumFailure({ task }: { task: FailedTask }): Promise<void> {
  if (task.result?.state !== 'fail') return;
  for (const error of task.result.errors ?? []) {
    for (const watch of watches.values()) {
      const plain = Object.assign(new Error(error.message), { name: error.name ?? 'Error' });
      const explained = await watch.explain(plain);
      if (explained === plain || !(explained instanceof Error)) continue;
      if (error.stack?.includes(error.message)) error.stack = error.stack.replace(error.message, explained.message);
      error.message = explained.message;
      break;
    }
  }
}
