// `npm run screenshots`: refreshes the README's images from the built visualizer in Debian's
// Chromium (the same browser and static server as the e2e test). Not part of `npm test`, so a test
// run never rewrites files under docs/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/conformance/launchChromium';
import { buildIfStale, DIST, REPO } from '../test/e2e/buildApp';
import { serveStatic } from '../test/e2e/staticServer';
import { choicesOf } from '../viz/model/choices';

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

    // A "what if" tree: the seed's fix on three workers, one branch routing the reload elsewhere, one with another latency.
    const all = choicesOf({ scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null });
    const route = all.find((c) => c.kind === 'route')!;
    const latency = all.find((c) => c.kind === 'latency' && c.options.length > 1 && c.atEvent !== route.atEvent)!;
    await page.goto(`${server.url}?scenario=multi-worker&preset=seed-fix`);
    await page.waitForFunction(() => window.__cachelab?.ready === true);
    await page.evaluate((s) => window.__cachelab!.go(s), route.atEvent - 1);
    await page.locator(`[data-testid="whatif-choice"][data-index="${route.index}"] [data-testid="whatif-option"][data-value="1"]`).click();
    await page.locator('[data-testid="whatif-branch"]').nth(1).waitFor();
    await page.locator('[data-testid="whatif-branch"]').nth(0).locator('[data-testid="whatif-show"]').click();
    await page.evaluate((s) => window.__cachelab!.go(s), latency.atEvent - 1);
    const other = page.locator(`[data-testid="whatif-choice"][data-index="${latency.index}"]`);
    if (await other.locator('[data-testid="whatif-select"]').count()) {
      await other.locator('[data-testid="whatif-select"]').selectOption({ index: 0 });
      await other.locator('[data-testid="whatif-run"]').click();
    } else await other.locator('[data-testid="whatif-option"]').first().click();
    await page.locator('[data-testid="whatif-branch"]').nth(2).waitFor();
    await page.locator('section.whatif').screenshot({ path: join(IMAGES, 'what-if-tree.png') });
    console.log(`wrote ${join('docs', 'images', 'what-if-tree.png')}`);
  } finally {
    await ctx.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
