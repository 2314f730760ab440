// `npm run screenshots`: refreshes the README's images from the built visualizer in Debian's
// Chromium (the same browser and static server as the e2e test). Not part of `npm test`, so a test
// run never rewrites files under docs/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/conformance/launchChromium';
import { buildIfStale, DIST, REPO } from '../test/e2e/buildApp';
import { serveStatic } from '../test/e2e/staticServer';
import type { Page } from 'playwright-core';
import { checkInvariants } from '../sim/invariants/index';
import { branchSpec, choicesOf } from '../viz/model/choices';
import { runInPage, type RunSpec } from '../viz/model/runSpec';

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

    // A "what if" tree on the seed's fix with three workers: the run as it was, a branch where another
    // worker takes a request and the fix holds, one where it fails, and a branch of a branch. Which
    // choices do that is computed here from the runs, not typed in.
    const root: RunSpec = { scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null };
    const holds = (spec: RunSpec) => checkInvariants(runInPage(spec)).length === 0;
    const reroutes = (spec: RunSpec) => choicesOf(spec).filter((c) => c.kind === 'route').flatMap((c) => c.options.map((_, v) => ({ c, v, spec: branchSpec(spec, choicesOf(spec), c, v) })).filter((o) => o.v !== c.value));
    const all = reroutes(root);
    const good = all.find((o) => holds(o.spec));
    const bad = all.find((o) => !holds(o.spec) && o.c.index !== good?.c.index);
    if (!good || !bad) throw new Error('multi-worker under seed-fix: no rerouting that holds and one that fails; pick another scenario for the README image');
    const nested = reroutes(good.spec).find((o) => o.c.index > good.c.index);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}?scenario=multi-worker&preset=seed-fix`);
    await page.waitForFunction(() => window.__cachelab?.ready === true);
    const branches = page.locator('[data-testid="whatif-branch"]');
    await pick(page, good.c.atEvent, good.c.index, good.v);
    await branches.nth(1).waitFor();
    if (nested) {
      await pick(page, nested.c.atEvent, nested.c.index, nested.v);
      await branches.nth(2).waitFor();
    }
    await branches.nth(0).locator('[data-testid="whatif-show"]').click();
    await pick(page, bad.c.atEvent, bad.c.index, bad.v);
    await branches.nth(nested ? 3 : 2).waitFor();
    await branches.nth(1).locator('[data-testid="whatif-pick"]').check();
    await branches.nth(nested ? 3 : 2).locator('[data-testid="whatif-pick"]').check();
    await page.locator('section.whatif').screenshot({ path: join(IMAGES, 'what-if-tree.png') });
    console.log(`wrote ${join('docs', 'images', 'what-if-tree.png')}`);

    // Motion and workers: the two-worker reload with the page's own requests, at the feed answer that
    // brings the deleted item back after the reload (worker, narration, the moving message's arrow).
    const twr = runInPage({ scenario: 'two-worker-reload', preset: 'seed-fix', overrides: ['page.loadRequests=true'], seed: null });
    const back = twr.outcome.deletions[0]?.users[0]?.resurrections ?? [];
    const served = back[back.length - 1]?.causeSeqs.map((q) => twr.events[q]).find((e) => e.type === 'http.respond');
    if (served) {
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`${server.url}?scenario=two-worker-reload&set=page.loadRequests=true&at=${served.seq + 1}`);
      await page.waitForFunction(() => window.__cachelab?.ready === true);
      await page.waitForTimeout(300);
      await page.locator('[data-testid="run-0"]').screenshot({ path: join(IMAGES, 'workers-flow.png') });
      console.log(`wrote ${join('docs', 'images', 'workers-flow.png')}`);
    }
  } finally {
    await ctx.close();
    await server.close();
  }
}

/** At the step before choice `index` is made, takes option `value` (a button, or the select and "Run this branch"). */
async function pick(page: Page, atEvent: number, index: number, value: number): Promise<void> {
  await page.evaluate((s) => window.__cachelab!.go(s), atEvent - 1);
  const choice = page.locator(`[data-testid="whatif-choice"][data-index="${index}"]`);
  await choice.waitFor();
  const button = choice.locator(`[data-testid="whatif-option"][data-value="${value}"]`);
  if (await button.count()) await button.click();
  else {
    await choice.locator('[data-testid="whatif-select"]').selectOption(String(value));
    await choice.locator('[data-testid="whatif-run"]').click();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
