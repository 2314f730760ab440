// Debian Chromium that can say why it went away, and one retry of a piece of work when it did.
// Launched through playwright-core's launchServer (then connected to), which hands over the
// browser's own process; browserWatch.ts reads its pid, exit code or signal, and stderr. A plain
// chromium.launch() only reports "Target page, context or browser has been closed", which is what a
// fresh-clone CI run of the stack rig once failed with, saying nothing of the cause.
import { chromium, type Browser } from 'playwright-core';
import { requireChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from './launchChromium';
import { watchBrowser, type BrowserWatch } from './browserWatch';

export { BrowserGoneError, retryIfBrowserGone } from './browserWatch';

export interface WatchedChromium extends Omit<BrowserWatch, 'closing'> {
  browser: Browser;
  /** Closes the browser and stops its process; harmless when it is already gone. */
  close(): Promise<void>;
}

export async function launchWatchedChromium(): Promise<WatchedChromium> {
  requireChromium();
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  let browser: Browser;
  try {
    browser = await chromium.connect(server.wsEndpoint());
  } catch (error) {
    await server.kill();
    throw error;
  }
  const watch = watchBrowser(server.process(), browser);
  return {
    browser,
    pid: watch.pid,
    watch: watch.watch,
    gone: watch.gone,
    explain: watch.explain,
    async close() {
      watch.closing();
      await browser.close().catch(() => undefined);
      await server.close().catch(() => server.kill());
    },
  };
}
