// End to end: the built visualizer (dist/, served by a plain static server) in real headless
// Chromium. Walks the issue's "Done when" list and saves a screenshot of each view under
// test-results/visualizer/ (the README's images are made by `npm run screenshots`, not here).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { checkInvariants } from '../../sim/invariants/index';
import { firstDifference } from '../../viz/model/compare';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';
import { PRESET_NAMES } from '../../src/config';
import { launchChromium } from '../conformance/launchChromium';
import { bigTrace } from './bigTrace';
import { buildIfStale, DIST, REPO } from './buildApp';
import { serveStatic, type StaticServer } from './staticServer';

const OUT = join(REPO, 'test-results', 'visualizer');
const SITE_VISIT = '5f0c7a3e-2b1d-4e8a-9c6f-000000000002';

let server: StaticServer;
let ctx: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const tid = (id: string) => `[data-testid="${id}"]`;

async function open(p: Page, search = ''): Promise<void> {
  await p.goto(`${server.url}${search}`);
  await p.waitForFunction(() => window.__cachelab?.ready === true);
}

/** Opens the run configuration (collapsed to one line on the first screen). */
async function editRuns(p: Page): Promise<void> {
  if (!(await p.locator(tid('config')).evaluate((d) => (d as HTMLDetailsElement).open))) await p.locator(tid('config-summary')).click();
}

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 800, height: 900 },
];

async function stepLabel(p: Page): Promise<string> {
  return (await p.locator(tid('step-label')).textContent()) ?? '';
}

async function shot(name: string, target: Page | ReturnType<Page['locator']> = page): Promise<void> {
  await target.screenshot({ path: join(OUT, `${name}.png`) });
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  buildIfStale();
  server = await serveStatic(DIST);
  ctx = await launchChromium({ timezoneId: 'UTC' });
  page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 1700 });
});

afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

describe('visualizer (built app, headless Chromium)', () => {
  it('opens with seed-broken and seed-fixed side by side on one time axis', async () => {
    await open(page);
    await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain('seed-broken');
    expect(await page.locator(tid('source-1')).textContent()).toContain('seed-fixed');
    expect(await page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('back');
    expect(await page.locator(tid('verdict-1')).getAttribute('data-verdict')).toBe('gone');
    // Both runs' lifelines in one diagram, the first difference marked.
    expect(await page.locator(`${tid('timing-svg')} g.ev[data-run="0"]`).count()).toBeGreaterThan(0);
    await page.locator(tid('jump-diff')).click();
    await expect.poll(() => page.locator(tid('td-diff')).count()).toBeGreaterThan(0);
    await page.keyboard.press('End');
    await page.locator(tid('jump-back')).click();
    await page.waitForTimeout(600);
    // Run B's cache still holds the deleted item under the old version, which no request reads.
    expect(await page.locator(`${tid('flow-1')} ${tid('cache-entry')}[data-copy="unreachable"]`).count()).toBe(1);
    expect(await page.locator(`${tid('flow-0')} ${tid('cache-entry')}[data-copy="copy"]`).count()).toBe(1);
    await shot('default-view');
    await shot('timing-diagram', page.locator('section.timing'));
    await shot('cache-key-view', page.locator('section.cachekeys'));
    // The cache-key view computes the seed's mismatch: no deleted key is the cached one.
    expect(await page.locator(`${tid('keys-0')} ${tid('deleted-range')}[data-hits-cached="true"]`).count()).toBe(0);
    expect(await page.locator(`${tid('keys-0')} ${tid('cached-answer')}`).first().getAttribute('data-state')).toBe('stale');
  });

  it("the first screen is honest: each preset's verdict computed in the page, the seed-fix caveat with its links, diagrams above the fold", async () => {
    for (const vp of VIEWPORTS) {
      const p = await ctx.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.setViewportSize(vp);
      await open(p);
      const name = `${vp.width}x${vp.height}`;
      // The verdicts are those of the same runs done here in Node.
      for (const preset of ['broken', 'seed-fix', 'robust']) {
        const trace = runScenario(getScenario('seed-broken'), { preset });
        const holds = checkInvariants(trace).length === 0;
        expect(await p.locator(`${tid('holds-line')} ${tid(`hold-${preset}`)}`).first().getAttribute('data-holds'), `${name} ${preset}`).toBe(String(holds));
      }
      const caveat = p.locator(tid('holds-caveat'));
      expect(await caveat.textContent()).toContain("The seed's fix holds here, but it is not the answer");
      await expect.poll(() => p.locator(tid('holds-elsewhere')).textContent()).not.toContain('checking');
      const failing = SCENARIOS.filter((s) => checkInvariants(runScenario(s, { preset: 'seed-fix' })).length > 0).map((s) => s.name);
      expect(failing.length).toBeGreaterThan(0);
      for (const f of failing) expect(await p.locator(tid('holds-elsewhere')).textContent()).toContain(f);
      expect(await caveat.locator(tid('link-lesson-7')).getAttribute('href')).toBe('?lesson=7');
      expect(await p.locator(tid('seed-meaning')).textContent()).toContain('random seed');
      // Configuration: one line, with an edit control; the flow view starts above the fold.
      expect(await p.locator(tid('config')).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await p.locator(tid('config-line')).textContent()).toContain('seed-broken · preset broken · nominal schedule');
      const flowTop = (await p.locator(tid('flow-0')).boundingBox())!.y;
      expect(flowTop, `${name}: the flow view starts below the fold`).toBeLessThan(vp.height - 100);
      await p.screenshot({ path: join(OUT, `first-screen-${name}.png`) });
      // The recommendation opens in the page.
      await caveat.locator(tid('link-recommendation')).click();
      await expect.poll(() => p.locator(tid('doc-recommendation')).isVisible()).toBe(true);
      expect(await p.locator(tid('doc-recommendation')).textContent()).toContain('robust');
      await p.locator(tid('doc-close')).click();
      // A preset's verdict shows that run as run A.
      await p.locator(tid('hold-robust')).first().click();
      await expect.poll(() => p.locator(tid('source-0')).textContent()).toContain('preset robust');
      await p.close();
    }
  });

  it('the timing diagram is readable at 1280, 1920 and 800 px: 12 px text, headers apart and whole, the full label of the step, every stale layer shaded, bands apart', async () => {
    const trace = runScenario(getScenario('seed-broken'));
    for (const vp of VIEWPORTS) {
      const p = await ctx.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.setViewportSize(vp);
      await open(p, '?step=95');
      const name = `${vp.width}x${vp.height}`;
      const sizes = await p.locator('section.timing svg text').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
      expect(sizes.length).toBeGreaterThan(20);
      expect(Math.min(...sizes), `${name}: text under 12 px`).toBeGreaterThanOrEqual(12);
      // Column headers: whole (no ellipsis) and apart.
      const heads = await p.locator(tid('td-actor-label')).evaluateAll((els) => els.map((e) => { const b = (e as SVGGraphicsElement).getBBox(); return { t: e.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height }; }));
      for (const h of heads) expect(h.t, name).not.toContain('…');
      for (let i = 0; i < heads.length; i++) for (let j = i + 1; j < heads.length; j++) {
        const a = heads[i];
        const b = heads[j];
        const apart = a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
        expect(apart, `${name}: "${a.t}" overlaps "${b.t}"`).toBe(true);
      }
      // The selected step's event in full.
      const seq = Number(await p.locator(`${tid('td-selected')} p[data-run="0"]`).getAttribute('data-seq'));
      expect(await p.locator(`${tid('td-selected')} p[data-run="0"]`).textContent()).toContain(trace.events[seq].label);
      // The Django cache holds the old list from the delete's commit on: its own column is shaded.
      const commitT = trace.outcome.deletions[0].committedAt;
      const cacheShade = p.locator(`${tid('layer-stale')}[data-run="0"][data-actor="cache:1"]`);
      await expect.poll(() => cacheShade.count()).toBeGreaterThan(0);
      expect(await cacheShade.first().locator('title').textContent()).toContain(`from ${commitT} ms`);
      // Invariant bands: one lane each, labels apart.
      const labels = await p.locator(`${tid('stale-band')} .td-band-label-g`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
      expect(labels.length, name).toBeGreaterThan(1);
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i];
        const b = labels[j];
        expect(a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5, `${name}: band labels overlap`).toBe(true);
      }
      await p.locator('section.timing').screenshot({ path: join(OUT, `timing-diagram-${name}.png`) });
      await p.close();
    }
  });

  it('the smaller defects are fixed: first difference, arrow keys on a select, ?file= links, badges, negative times, PNG, two files', async () => {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    for (const vp of VIEWPORTS) {
      await p.setViewportSize(vp);
      const name = `${vp.width}x${vp.height}`;
      await open(p);
      // First difference: where the runs do something different, not the event naming the scenario.
      const a = runScenario(getScenario('seed-broken'));
      const b = runScenario(getScenario('seed-fixed'));
      const diff = firstDifference(a.events, b.events)!;
      expect(diff).toBeGreaterThan(0);
      await p.locator(tid('jump-diff')).click();
      await expect.poll(() => p.locator(tid('td-diff')).first().textContent()).toContain(`step ${diff}`);
      expect(await stepLabel(p)).not.toMatch(/^step 1 of/);
      // Arrow keys step, and never change a select.
      await p.keyboard.press('Home');
      await editRuns(p);
      const select = p.locator(tid('preset-0'));
      await select.focus();
      await p.keyboard.press('ArrowRight');
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('ArrowRight');
      expect(await select.inputValue(), name).toBe('broken');
      expect(await stepLabel(p), name).toMatch(/^step 3 of/);
      // Negative times are explained: 0 ms is the Delete click.
      await p.keyboard.press('ArrowLeft');
      expect(await p.locator(tid('step-time')).textContent()).toContain('before the Delete click at 0 ms');
      expect(await p.locator('section.timing .legend').textContent()).toContain('0 ms is the moment the user clicks Delete');
      await p.screenshot({ path: join(OUT, `defects-${name}.png`) });
    }
    // A ?file= link cannot bring its file back, and says so.
    await open(p, '?file=counterexample.json');
    await expect.poll(() => p.locator(tid('error-text')).textContent()).toContain('a link cannot carry a file');
    // Badges agree with their text.
    for (const scenario of ['commit-race', 'concurrent-deletes', 'seed-broken']) {
      await open(p, `?scenario=${scenario}&preset=broken`);
      const text = (await p.locator(tid('verdict-0')).textContent()) ?? '';
      const [lead, ...rest] = text.split(' · ');
      const summary = rest.join(' · ');
      for (const word of ['came back', 'never disappeared']) if (summary.includes(word)) expect(lead, `${scenario}: "${text}"`).toContain(word);
    }
    // PNG export of the timing diagram.
    await open(p);
    const [png] = await Promise.all([p.waitForEvent('download'), p.locator(tid('export-png')).click()]);
    expect(png.suggestedFilename()).toMatch(/_timing\.png$/);
    const pngPath = join(OUT, png.suggestedFilename());
    await png.saveAs(pngPath);
    expect([...readFileSync(pngPath).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Two trace files, compared side by side with their first difference.
    const one = JSON.stringify(runScenario(getScenario('multi-worker'), { preset: 'seed-fix' }));
    const two = JSON.stringify(runScenario(getScenario('multi-worker'), { preset: 'robust' }));
    await p.locator(tid('file-input')).setInputFiles([
      { name: 'seed-fix.json', mimeType: 'application/json', buffer: Buffer.from(one) },
      { name: 'robust.json', mimeType: 'application/json', buffer: Buffer.from(two) },
    ]);
    await expect.poll(() => p.locator(tid('source-1')).textContent()).toContain('robust.json');
    expect(await p.locator(tid('source-0')).textContent()).toContain('seed-fix.json');
    expect(await p.locator(tid('jump-diff')).isVisible()).toBe(true);
    expect(await p.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('back');
    expect(await p.locator(tid('verdict-1')).getAttribute('data-verdict')).toBe('gone');
    await p.screenshot({ path: join(OUT, 'two-files-compared.png') });
    // Or one at a time: open one, then "Compare with a second trace…".
    await p.locator(tid('file-input')).setInputFiles({ name: 'first.json', mimeType: 'application/json', buffer: Buffer.from(one) });
    await expect.poll(() => p.locator(tid('run-1')).count()).toBe(0);
    await p.locator(tid('file-compare-input')).setInputFiles({ name: 'second.json', mimeType: 'application/json', buffer: Buffer.from(two) });
    await expect.poll(() => p.locator(tid('source-1')).textContent()).toContain('second.json');
    await p.close();
  });

  it('steps through seed-broken to the moment the deleted item comes back', async () => {
    await page.keyboard.press('Home');
    expect(await stepLabel(page)).toMatch(/^step 1 of \d+$/);
    const back = page.locator(`${tid('flow-0')} ${tid('calendar-event')}[data-copy="back"]`);
    let steps = 0;
    while ((await back.count()) === 0 && steps < 500) {
      await page.keyboard.press('ArrowRight');
      steps++;
    }
    expect(await back.count()).toBe(1);
    expect(await back.getAttribute('data-item')).toBe(SITE_VISIT);
    expect(await back.textContent()).toContain('Site visit');
    expect(await page.locator(tid('sentence-0')).textContent()).toContain('is back on screen');
    // Marked in the timing diagram: the resurrection diamond and the stale bands on A's lifeline.
    await expect.poll(() => page.locator(tid('td-resurrection')).count()).toBeGreaterThan(0);
    const bands = page.locator(`${tid('stale-band')}[data-run="0"]`);
    expect(await bands.count()).toBeGreaterThan(0);
    expect(await bands.evaluateAll((els) => els.map((e) => e.getAttribute('data-invariant')))).toContain('read-your-delete');
    expect(await page.locator(`${tid('stale-band')}[data-run="1"]`).count()).toBe(0);
    // Back, forward: the keyboard steps one at a time.
    const at = await stepLabel(page);
    await page.keyboard.press('ArrowLeft');
    expect(await stepLabel(page)).not.toBe(at);
    await page.keyboard.press('ArrowRight');
    expect(await stepLabel(page)).toBe(at);
    await shot('flow-view-item-back', page.locator(tid('run-0')));
    await shot('stepped-to-resurrection');
    // Clicking an event in the timing diagram jumps to it.
    await page.keyboard.press('Home');
    const click = page.locator(`${tid('timing-svg')} g.ev[data-run="0"][data-seq="16"]`);
    await click.click();
    await expect.poll(() => page.locator(tid('sentence-0')).textContent()).toContain('clicks Delete on "Site visit"');
    expect(await page.locator(`${tid('timing-svg')} g.ev.current[data-run="0"][data-seq="16"]`).count()).toBe(1);
  });

  it('switches between one run and a comparison', async () => {
    await editRuns(page);
    await page.locator(tid('compare')).uncheck();
    await expect.poll(() => page.locator(tid('run-1')).count()).toBe(0);
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario2')).toBeNull();
    expect(await page.locator(tid('jump-diff')).isHidden()).toBe(true);
    await page.locator(tid('compare')).check();
    await expect.poll(() => page.locator(tid('source-1')).textContent()).toContain('seed-broken · preset seed-fix');
    await page.locator(tid('scenario-1')).selectOption('seed-fixed');
    await expect.poll(() => page.locator(tid('source-1')).textContent()).toContain('seed-fixed · preset seed-fix');
  });

  it('toggling the seed fixes on seed-broken makes it disappear', async () => {
    for (const n of [1, 2, 3, 4]) {
      await page.locator(tid(`fix-0-${n}`)).check();
      await expect.poll(() => page.locator(tid(`fix-0-${n}`)).isChecked()).toBe(true);
    }
    await expect.poll(() => page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('gone');
    expect(await page.locator(tid('cmd-0')).textContent()).toContain('--set feed.neverCache=true');
    expect(await page.locator(`${tid('flow-0')} ${tid('calendar-event')}[data-copy="back"]`).count()).toBe(0);
    expect(await page.locator(`${tid('stale-band')}[data-run="0"]`).count()).toBe(0);
    expect(await page.locator(tid('invariants-0')).getAttribute('data-count')).toBe('0');
    await page.keyboard.press('End');
    const calendar = page.locator(`${tid('flow-0')} ${tid('layer-calendar:A')}`);
    expect(await calendar.textContent()).not.toContain('Site visit');
    await shot('fixes-toggled');
    // Off again: it comes back.
    await page.locator(tid('fix-0-2')).uncheck();
    await expect.poll(() => page.locator(tid('verdict-0')).getAttribute('data-verdict')).not.toBe('gone');
  });

  it('a shared URL reopens the same runs at the same step', async () => {
    await page.locator(tid('fix-0-2')).check();
    await page.locator(tid('seed-1')).fill('7');
    await page.locator(tid('seed-1')).press('Tab');
    await expect.poll(() => page.locator(tid('source-1')).textContent()).toContain('seed 7');
    await page.keyboard.press('Home');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    const label = await stepLabel(page);
    const sentences = [await page.locator(tid('sentence-0')).textContent(), await page.locator(tid('sentence-1')).textContent()];
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('9');
    const url = page.url();
    expect(url).toContain('seed2=7');
    const other = await ctx.newPage();
    await other.setViewportSize({ width: 1440, height: 1000 });
    await open(other, new URL(url).search);
    await editRuns(other);
    expect(await stepLabel(other)).toBe(label);
    expect([await other.locator(tid('sentence-0')).textContent(), await other.locator(tid('sentence-1')).textContent()]).toEqual(sentences);
    expect(await other.locator(tid('seed-1')).inputValue()).toBe('7');
    expect(await other.locator(tid('fix-0-2')).isChecked()).toBe(true);
    await shot('shared-url-reopened', other);
    await other.close();
  });

  it('opens a counterexample trace file with the picker and by drag and drop', async () => {
    const trace = runScenario(getScenario('seed-broken'), { seed: 7, overrides: ['deploy.workers=2'] });
    const file = join(OUT, 'counterexample-seed-broken-seed-7.json');
    writeFileSync(file, JSON.stringify(trace, null, 1));
    await page.locator(tid('file-input')).setInputFiles(file);
    await expect.poll(() => page.locator(tid('file-banner')).isVisible()).toBe(true);
    expect(await page.locator(tid('file-banner')).textContent()).toContain('seed 7');
    expect(await page.locator(tid('source-0')).textContent()).toContain('counterexample-seed-broken-seed-7.json');
    expect(await page.locator(tid('run-1')).count()).toBe(0);
    expect(await stepLabel(page)).toMatch(new RegExp(`of ${trace.events.length}$`));
    expect(await page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('back');
    expect(await page.locator(`${tid('flow-0')} ${tid('layer-worker:2')}`).count()).toBe(1);
    await shot('trace-file-opened');

    // Drag and drop of another trace.
    const fixed = JSON.stringify(runScenario(getScenario('seed-fixed')));
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'dropped-seed-fixed.json', { type: 'application/json' }));
      return d;
    }, fixed);
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await expect.poll(() => page.locator(tid('file-banner')).textContent()).toContain('dropped-seed-fixed.json');
    expect(await page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('gone');

    // "Re-run it in the page" turns the file back into a shareable link.
    await page.locator(tid('file-input')).setInputFiles(file);
    await expect.poll(() => page.locator(tid('file-banner')).textContent()).toContain('counterexample');
    await page.locator(tid('file-rerun')).click();
    await expect.poll(() => page.locator(tid('file-banner')).isHidden()).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('7');
    expect(new URL(page.url()).searchParams.getAll('set')).toContain('deploy.workers=2');
    expect(await page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('back');
  });

  it('a malformed or wrong-version file shows a clear message and the page keeps working', async () => {
    const before = await page.locator(tid('source-0')).textContent();
    await page.locator(tid('file-input')).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "calendar-cache-lab/trace", "events": [') });
    await expect.poll(() => page.locator(tid('error')).isVisible()).toBe(true);
    expect(await page.locator(tid('error-text')).textContent()).toMatch(/Could not open broken\.json: not a trace: the file is not valid JSON/);
    await shot('malformed-file-error');
    const wrong = { ...runScenario(getScenario('seed-fixed')), version: 99 };
    await page.locator(tid('file-input')).setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrong)) });
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('unsupported trace version 99');
    // The view underneath is untouched and still steps.
    expect(await page.locator(tid('source-0')).textContent()).toBe(before);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await stepLabel(page)).toMatch(/^step 2 of /);
    await page.locator(tid('error-close')).click();
    expect(await page.locator(tid('error')).isHidden()).toBe(true);
  });

  it('opens a scenario file: runs it under its preset, and a mistake names the path', async () => {
    const yaml = `name: my-own\ntoday: 2025-10-06\nusers: [{ name: A, userId: "1" }]\nitems: [{ title: Site visit, startDate: 2025-10-15 }]\nsteps:\n  - { do: open, atMs: -1000 }\n  - { do: delete, item: Site visit, atMs: 0 }\n  - { do: reload, atMs: 5000 }\n`;
    await page.locator(tid('file-input')).setInputFiles({ name: 'mine.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await expect.poll(() => page.locator(tid('file-banner')).textContent()).toContain('scenario my-own');
    expect(await page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('back');
    await page.locator(tid('file-input')).setInputFiles({ name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml.replace('do: reload', 'do: remove')) });
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('bad.yaml line 8: steps[2].do: found "remove"');
    await page.locator(tid('error-close')).click();
    await page.locator(tid('file-close')).click();
  });

  it('renders trace text as text, never as markup', async () => {
    const trace = runScenario(getScenario('seed-broken'));
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    trace.events[1].label = evil;
    trace.scenario = `<script>window.__pwned=2</script>`;
    trace.outcome.summary = [evil];
    await page.locator(tid('file-input')).setInputFiles({ name: '<i>evil</i>.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(trace)) });
    await expect.poll(() => page.locator(tid('file-banner')).textContent()).toContain('<script>');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator(tid('sentence-0')).textContent()).toContain('<img src=x');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img[src="x"]').length,
      bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
      script: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned')).length,
      italic: [...document.querySelectorAll('i')].filter((i) => i.textContent === 'evil').length,
    }));
    expect(injected).toEqual({ img: 0, bold: 0, script: 0, italic: 0 });
  });

  it('plays, pauses and exports the diagrams and the trace', async () => {
    await page.locator(tid('file-close')).click();
    await page.keyboard.press('Home');
    await page.locator(tid('speed')).selectOption('32');
    await page.locator('body').press(' ');
    await expect.poll(async () => Number((await stepLabel(page)).split(' ')[1])).toBeGreaterThan(3);
    await page.locator('body').press(' ');
    const paused = await stepLabel(page);
    await page.waitForTimeout(300);
    expect(await stepLabel(page)).toBe(paused);

    for (const [button, pattern, check] of [
      ['export-svg', /_timing\.svg$/, '<svg'],
      ['export-flow-svg', /_flow_step-\d+\.svg$/, '<svg'],
      ['export-json', /\.trace\.json$/, '"format": "calendar-cache-lab/trace"'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid(button)).click()]);
      expect(download.suggestedFilename()).toMatch(pattern);
      const path = join(OUT, download.suggestedFilename());
      await download.saveAs(path);
      expect(readFileSync(path, 'utf8')).toContain(check);
    }
  });

  it('runs every catalog scenario under every preset and the deployment knobs without an error', async () => {
    await open(page, '?scenario=seed-broken');
    await editRuns(page);
    expect(await page.locator(tid('run-1')).count()).toBe(0);
    for (const scenario of SCENARIOS) {
      await page.locator(tid('scenario-0')).selectOption(scenario.name);
      for (const preset of PRESET_NAMES) {
        await page.locator(tid('preset-0')).selectOption(preset);
        await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain(`${scenario.name} · preset ${preset}`);
        await page.keyboard.press('End');
        expect(await page.locator(tid('sentence-0')).textContent()).not.toBe('');
        expect(await page.locator(tid('error')).isHidden(), `${scenario.name} under ${preset}`).toBe(true);
      }
    }
    await page.locator(tid('scenario-0')).selectOption('seed-broken');
    await page.locator(tid('workers-0')).selectOption('3');
    await page.locator(tid('backend-0')).selectOption('redis');
    await page.locator(tid('atomic-0')).check();
    await page.locator(tid('profile-0')).selectOption('seed-assumption');
    await page.locator(tid('seed-0')).fill('5');
    await page.locator(tid('seed-0')).press('Enter');
    await expect.poll(() => page.locator(tid('cmd-0')).textContent()).toContain('--seed 5');
    const cmd = (await page.locator(tid('cmd-0')).textContent()) ?? '';
    for (const knob of ['deploy.workers=3', 'deploy.cacheBackend=redis', 'deploy.atomicRequests=true', 'browser.profile=seed-assumption']) expect(cmd).toContain(knob);
    expect(await page.locator(`${tid('flow-0')} ${tid('layer-cache:redis')}`).count()).toBe(1);
    expect(await page.locator(`${tid('flow-0')} ${tid('layer-worker:3')}`).count()).toBe(1);
    // A bad override is refused with its reason; the run stays as it was.
    await page.locator(tid('overrides-0')).fill('deploy.workers=99');
    await page.locator(tid('overrides-0')).press('Enter');
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('bad value "99" for deploy.workers');
    expect(await page.locator(tid('cmd-0')).textContent()).toBe(cmd);
    await shot('deployment-knobs');
    expect(pageErrors).toEqual([]);
  });

  it('a trace that parses but is odd inside is refused by the trace schema, never crashes the page', async () => {
    const odd = runScenario(getScenario('seed-broken'));
    const events = odd.events.map((e) => ({ ...e, after: e.seq === 5 ? (7 as unknown as typeof e.after) : e.after, actor: e.seq === 9 ? 'martian:1' : e.actor }));
    const variants: Array<[string, unknown]> = [
      ['no-events.json', { ...odd, events: [] }],
      ['odd-events.json', { ...odd, events, actors: [] }],
      ['odd-outcome.json', { ...odd, outcome: { deletions: 'many', summary: 3 } }],
    ];
    for (const [name, trace] of variants) {
      await page.locator(tid('file-input')).setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(trace)) });
      await expect.poll(async () => ((await page.locator(tid('error')).isVisible()) ? await page.locator(tid('error-text')).textContent() : '')).toMatch(new RegExp(`Could not open ${name}: malformed trace at `));
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
    }
    expect(pageErrors).toEqual([]);
  });

  it('loads and renders a 10,000-event trace in well under a second (measured, see perf.json)', async () => {
    const trace = bigTrace(10_000);
    const measured = await page.evaluate(async (text) => {
      const t = JSON.parse(text);
      const timing = await window.__cachelab!.loadTrace(t, 'bench-busy-calendar.json');
      const svgRows = document.querySelectorAll('[data-testid="timing-svg"] g.ev').length;
      const s0 = performance.now();
      for (let i = 0; i < 100; i++) window.__cachelab!.go(5000 + i);
      const stepMs = (performance.now() - s0) / 100;
      const scroller = document.querySelector<HTMLElement>('[data-testid="timing-scroll"]')!;
      const r0 = performance.now();
      scroller.scrollTop = scroller.scrollHeight / 2;
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      const scrollMs = performance.now() - r0;
      return { timing, svgRows, stepMs, scrollMs };
    }, JSON.stringify(trace));
    const report = { ...measured.timing, svgRowsInDom: measured.svgRows, stepMs: measured.stepMs, scrollMs: measured.scrollMs };
    writeFileSync(join(OUT, 'perf.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`10k-event trace: ${JSON.stringify(report)}`);
    expect(measured.timing.events).toBeGreaterThanOrEqual(10_000);
    expect(await stepLabel(page)).toMatch(new RegExp(`of ${trace.events.length}$`));
    // Only the rows in view are drawn.
    expect(measured.svgRows).toBeLessThan(200);
    await shot('ten-thousand-events');
    expect(pageErrors).toEqual([]);
  });
});
