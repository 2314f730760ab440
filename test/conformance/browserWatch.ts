// What a Chromium that went away leaves behind, for either way the tests start one: its process's
// pid, exit code or signal and the tail of its stderr, whether Playwright saw the browser
// disconnect, and which pages crashed or closed. Playwright alone only says "Target page, context
// or browser has been closed", which names no cause.
import type { ChildProcess } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Lines of Chromium's stderr kept for the report. */
const STDERR_TAIL_LINES = 20;
/** How long a "closed" error waits for the exit or disconnect that explains it to be seen. */
const EXPLAIN_WAIT_MS = 2000;

/** Playwright's words for a browser, context or page that closed or crashed under a call. */
const CLOSED_MESSAGE = /Target page, context or browser has been closed|Browser (?:has been )?closed|browser has disconnected|Target crashed|Page crashed|Connection closed/i;

/** The browser, a context or a page went away while work was using it; `reason` says what is known. */
export class BrowserGoneError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BrowserGoneError';
  }
}

export interface BrowserWatch {
  /** The browser process's pid (Debian's /usr/bin/chromium execs the real binary, so it is Chromium's own). */
  pid: number;
  /** Records crashes and unexpected closes of the context's pages, those open now and those to come. */
  watch(context: BrowserContext): void;
  /** Null while the browser and its pages are up; otherwise what went away and how, with the tail of Chromium's stderr. */
  gone(): string | null;
  /** `error` as is, or a BrowserGoneError saying why, when the browser or a page went away (never for an assertion failure). */
  explain(error: unknown): Promise<unknown>;
  /** From now on closes and exits are ours, not losses. */
  closing(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAssertion(error: unknown): boolean {
  return error instanceof Error && error.name === 'AssertionError';
}

/** Starts watching `child`, the process of `browser`. */
export function watchBrowser(child: ChildProcess, browser: Browser): BrowserWatch {
  const pid = child.pid ?? -1;
  let stderr: string[] = [];
  let partial = '';
  child.stderr?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    stderr = [...stderr, ...lines.filter(Boolean)].slice(-STDERR_TAIL_LINES);
  });
  let closing = false;
  // Kept apart so the process's end leads the report whatever order the events came in.
  let exit: string | null = null;
  let disconnected = false;
  const pageEvents: string[] = [];
  child.once('exit', (code, signal) => {
    if (!closing) exit = signal ? `process ${pid} was killed by ${signal}` : `process ${pid} exited with code ${code}`;
  });
  browser.on('disconnected', () => {
    if (!closing) disconnected = true;
  });
  const gone = () => {
    const what = [...(exit ? [exit] : []), ...(disconnected ? ['Playwright saw the browser disconnect'] : []), ...pageEvents];
    if (!what.length) return null;
    const tail = [...stderr, partial].filter(Boolean);
    return `${what.join('; ')}; ${tail.length ? `last lines of its stderr:\n  ${tail.join('\n  ')}` : 'nothing on its stderr'}`;
  };
  // A page the test closes itself is no loss (the e2e tests open and close pages in one browser).
  const closedByCaller = new WeakSet<Page>();
  const watchPage = (page: Page) => {
    const close = page.close.bind(page);
    page.close = (options) => {
      closedByCaller.add(page);
      return close(options);
    };
    page.on('crash', () => pageEvents.push(`a page (${page.url()}) crashed`));
    page.on('close', () => {
      if (!closing && !closedByCaller.has(page)) pageEvents.push(`a page (${page.url()}) closed`);
    });
  };
  return {
    pid,
    watch(context) {
      context.pages().forEach(watchPage);
      context.on('page', watchPage);
      context.on('close', () => {
        if (!closing) pageEvents.push('a browser context closed');
      });
    },
    gone,
    async explain(error) {
      if (error instanceof BrowserGoneError || isAssertion(error) || closing) return error;
      // The call's error, or a page's close, can come before the process's exit that explains it.
      const goingAway = () => gone() !== null || CLOSED_MESSAGE.test(messageOf(error));
      for (let waited = 0; exit === null && goingAway() && waited < EXPLAIN_WAIT_MS; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const why = gone();
      if (!why) return error;
      return new BrowserGoneError(`${messageOf(error)}\nChromium (pid ${pid}) went away: ${why}`, why, { cause: error });
    },
    closing() {
      closing = true;
    },
  };
}

/**
 * Runs `work` (which launches its own browser); when it fails because Chromium went away
 * (a BrowserGoneError), says so through `log` and runs it once more, which then must succeed on
 * its own. Any other error, an assertion failure included, is thrown at once, never retried.
 */
export async function retryIfBrowserGone<T>(what: string, work: (attempt: 1 | 2) => Promise<T>, log: (line: string) => void = (line) => console.warn(line)): Promise<{ value: T; retried: string | null }> {
  try {
    return { value: await work(1), retried: null };
  } catch (error) {
    if (!(error instanceof BrowserGoneError)) throw error;
    const retried = `${what}: Chromium went away (${error.reason.split('\n')[0]}), so it was relaunched and ${what} ran again`;
    log(`[watchedChromium] ${retried}\n${error.message}`);
    try {
      return { value: await work(2), retried };
    } catch (again) {
      if (again instanceof BrowserGoneError) again.message = `${what}: Chromium went away on the retry too. First time: ${error.reason}\nRetry: ${again.message}`;
      throw again;
    }
  }
}
