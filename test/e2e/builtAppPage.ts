// One page of the built app for a test file: the app built if a source changed, served from dist/,
// one headless Chromium context and one page at the file's viewport, its uncaught errors collected.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../conformance/launchChromium';
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
