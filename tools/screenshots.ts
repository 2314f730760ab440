// `npm run screenshots`: refreshes the README's images from the built visualizer in Debian's
// Chromium (the same browser and static server as the e2e test). Not part of `npm test`, so a test
// run never rewrites files under docs/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/conformance/launchChromium';
import { buildIfStale, DIST, REPO } from '../test/e2e/buildApp';
import { serveStatic } from '../test/e2e/staticServer';

const IMAGES = join(REPO, 'docs', 'images');

async function main(): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  buildIfStale();
  const server = await serveStatic(DIST);
  const ctx = await launchChromium({ timezoneId: 'UTC' });
  try {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__cachelab?.ready === true);
    await page.waitForFunction(() => !document.querySelector('[data-testid="holds-elsewhere"]')?.textContent?.includes('checking'));
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(IMAGES, 'default-view.png') });
    console.log(`wrote ${join('docs', 'images', 'default-view.png')}`);
  } finally {
    await ctx.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
