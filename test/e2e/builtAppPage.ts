// One page of the built app for a test file: the app built if a source changed, served from dist/,
// one headless Chromium context and one page at the file's viewport, its uncaught errors collected.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { explainChromiumFailure, launchChromium } from '../conformance/launchChromium';
import { buildIfStale, DIST } from './buildApp';
import { serveStatic, type StaticServer } from './staticServer';

export interface BuiltAppPage {
  server: StaticServer;
  ctx: BrowserContext;
  page: Page;
}

/** Starts it; `out` is the folder the file's screenshots go to, `pageErrors` receives the page's errors. */
export async function openBuiltApp(viewport: { width: number; height: number }, out: string, pageErrors: string[]): Promise<BuiltAppPage> {
  mkdirSync(out, { recursive: true });
  buildIfStale();
  const server = await serveStatic(DIST);
  const ctx = await launchChromium({ timezoneId: 'UTC' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setViewportSize(viewport);
  return { server, ctx, page };
}

export async function closeBuiltApp(app: { ctx?: BrowserContext; server?: StaticServer }): Promise<void> {
  await app.ctx?.close();
  await app.server?.close();
}

/** The built app of a whole test file, filled in before its first test; `open` goes to a link of it and waits until the page is ready. */
export interface BuiltApp extends BuiltAppPage {
  pageErrors: string[];
  open(search: string): Promise<void>;
}

/**
 * Registers the hooks a test file's built app needs: opened before its tests, closed after them,
 * and a test that fails because Chromium went away says why.
 */
export function useBuiltApp(viewport: { width: number; height: number }, out: string): BuiltApp {
  const app = {
    pageErrors: [] as string[],
    async open(search: string) {
      await app.page.goto(`${app.server.url}${search}`);
      await app.page.waitForFunction(() => window.__cachelab?.ready === true);
    },
  } as BuiltApp;
  afterEach(explainChromiumFailure);
  beforeAll(async () => {
    Object.assign(app, await openBuiltApp(viewport, out, app.pageErrors));
  });
  afterAll(() => closeBuiltApp(app));
  return app;
}
