// End to end: the built visualizer (dist/, served by a plain static server) in real headless
// Chromium. Walks the issue's "Done when" list and saves a screenshot of each view under
// test-results/visualizer/ (the README's images are made by `npm run screenshots`, not here).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario, DEFAULT_CHECK_RUNS } from '../../sim/check/checkScenario';
import { nonNominalChoices } from '../../sim/check/describeChoices';
import { runScenario } from '../../sim/run';
import { checkInvariants } from '../../sim/invariants/index';
import { firstDifference } from '../../viz/model/compare';
import { choicesOf } from '../../viz/model/choices';
import { narrate } from '../../viz/model/narration';
import { buildTimeline } from '../../viz/model/timeline';
import { stepsMatching } from '../../viz/model/stepSearch';
import { TraceIndex } from '../../viz/model/traceIndex';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';
import { PRESET_NAMES } from '../../src/config';
import { explainChromiumFailure } from '../conformance/launchChromium';
import { bigTrace } from './bigTrace';
import { REPO } from './buildApp';
import type { StaticServer } from './staticServer';
import { closeBuiltApp, openBuiltApp } from './builtAppPage';

const OUT = join(REPO, 'test-results', 'visualizer');
const SITE_VISIT = '5f0c7a3e-2b1d-4e8a-9c6f-000000000002';

let server: StaticServer;
let ctx: BrowserContext;
// One page shared by the tests that need no viewport of their own; each of them opens the state it
// needs first (`open`, `editRuns`), so a test run alone (`-t`) sees what it sees in the whole file.
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

// One browser serves every test here: a test failing because it went away says why.
afterEach(explainChromiumFailure);
beforeAll(async () => {
  ({ server, ctx, page } = await openBuiltApp({ width: 1440, height: 1700 }, OUT, pageErrors));
});

afterAll(() => closeBuiltApp({ ctx, server }));

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
    // The default view's step (slot of the two runs' merged timeline) of seed-broken's last event.
    const lastSlot = buildTimeline([new TraceIndex(trace, 'A', ''), new TraceIndex(runScenario(getScenario('seed-fixed')), 'B', '')]).eventSlot[0][trace.events.length - 1];
    for (const vp of VIEWPORTS) {
      const p = await ctx.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.setViewportSize(vp);
      await open(p, `?step=${lastSlot}`);
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
      expect(await p.locator('section.timing .legend').textContent()).toContain("0 ms is the user's Delete click");
      await p.screenshot({ path: join(OUT, `defects-${name}.png`) });
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
      await p.screenshot({ path: join(OUT, `two-files-compared-${name}.png`) });
      // Or one at a time: open one, then "Compare with a second trace…".
      await p.locator(tid('file-input')).setInputFiles({ name: 'first.json', mimeType: 'application/json', buffer: Buffer.from(one) });
      await expect.poll(() => p.locator(tid('run-1')).count()).toBe(0);
      await p.locator(tid('file-compare-input')).setInputFiles({ name: 'second.json', mimeType: 'application/json', buffer: Buffer.from(two) });
      await expect.poll(() => p.locator(tid('source-1')).textContent()).toContain('second.json');
    }
    await p.close();
  });

  it('what if: pending choices at a step, a branch run in the page, a tree of branches, two compared, and a link that reopens the tree', async () => {
    const spec = { scenario: 'multi-worker', preset: 'seed-fix', overrides: [] as string[], seed: null };
    const all = choicesOf(spec);
    const route = all.find((c) => c.kind === 'route')!;
    const latency = all.find((c) => c.kind === 'latency' && c.options.length > 1 && c.atEvent !== route.atEvent)!;
    const holds = (choices: number[]) => checkInvariants(runScenario(getScenario('multi-worker'), { preset: 'seed-fix', choices })).length === 0;
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    for (const vp of VIEWPORTS) {
      await p.setViewportSize(vp);
      const name = `${vp.width}x${vp.height}`;
      await open(p, '?scenario=multi-worker&preset=seed-fix');
      // The choices made right after a step are listed there, with the option this run took.
      await p.evaluate((s) => window.__cachelab!.go(s), route.atEvent - 1);
      const choice = p.locator(`${tid('whatif-choice')}[data-index="${route.index}"]`);
      await expect.poll(() => choice.count(), { message: name }).toBe(1);
      expect(await choice.textContent()).toContain(`This run took ${route.options[route.value]}`);
      // Pick another worker: the branch runs in the page and replaces run A at the same step.
      await choice.locator(`${tid('whatif-option')}[data-value="1"]`).click();
      const first = [...all.slice(0, route.index).map((c) => c.value), 1];
      await expect.poll(() => new URL(p.url()).searchParams.get('choices'), { message: name }).toBe(first.join(','));
      expect(await stepLabel(p)).toMatch(new RegExp(`^step ${route.atEvent} of`));
      const branches = p.locator(tid('whatif-branch'));
      await expect.poll(() => branches.count()).toBe(2);
      expect(await branches.nth(1).getAttribute('data-holds')).toBe(String(holds(first)));
      expect(await branches.nth(0).getAttribute('data-holds')).toBe(String(holds([])));
      // Back to the root, and another branch at another step: the tree keeps both.
      await branches.nth(0).locator(tid('whatif-show')).click();
      await expect.poll(() => new URL(p.url()).searchParams.get('choices')).toBeNull();
      await p.evaluate((s) => window.__cachelab!.go(s), latency.atEvent - 1);
      const other = p.locator(`${tid('whatif-choice')}[data-index="${latency.index}"]`);
      await expect.poll(() => other.count()).toBe(1);
      if (await other.locator(tid('whatif-select')).count()) {
        await other.locator(tid('whatif-select')).selectOption({ index: 0 });
        await other.locator(tid('whatif-run')).click();
      } else await other.locator(tid('whatif-option')).first().click();
      await expect.poll(() => branches.count()).toBe(3);
      await p.locator(tid('whatif-tree')).screenshot({ path: join(OUT, `what-if-tree-${name}.png`) });
      // Compare two branches: side by side, with their first real difference and verdicts.
      await branches.nth(1).locator(tid('whatif-pick')).check();
      await branches.nth(2).locator(tid('whatif-pick')).check();
      await p.locator(tid('whatif-compare')).click();
      await expect.poll(() => p.locator(tid('run-1')).count()).toBe(1);
      expect(await p.locator(tid('jump-diff')).isVisible()).toBe(true);
      expect(await p.locator(tid('verdict-0')).getAttribute('data-verdict')).not.toBeNull();
      // With two runs on screen, the panel says whose choices it lists.
      expect(await p.locator(`${tid('whatif')} h2`).textContent()).toBe('What if, at this step? (run A)');
      await p.screenshot({ path: join(OUT, `what-if-compared-${name}.png`) });
      // The link opens the same tree and the same two runs. The page writes its URL 120 ms after its
      // last change: wait for the second run to be in it (the branches were there before Compare).
      await expect.poll(() => new URL(p.url()).searchParams.get('scenario2')).toBe(spec.scenario);
      await expect.poll(() => new URL(p.url()).searchParams.getAll('branch').length).toBe(2);
      const url = p.url();
      const q = await ctx.newPage();
      await q.setViewportSize(vp);
      await open(q, new URL(url).search);
      await expect.poll(() => q.locator(tid('whatif-branch')).count()).toBe(3);
      expect(await q.locator(tid('whatif-branch')).evaluateAll((els) => els.map((e) => e.getAttribute('data-holds')))).toEqual(await branches.evaluateAll((els) => els.map((e) => e.getAttribute('data-holds'))));
      expect(await q.locator(tid('source-1')).textContent()).toBe(await p.locator(tid('source-1')).textContent());
      await q.close();
    }
    await p.close();
  });

  it('what if by keyboard: going to the next step with a choice, running a branch and showing one keep the focus in the panel', async () => {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.setViewportSize({ width: 1280, height: 800 });
    await open(p, '?scenario=multi-worker&preset=seed-fix&step=3');
    const focused = () => p.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return a?.closest('[data-testid="whatif"]') ? (a.dataset.testid ?? a.tagName) : `outside: ${a?.tagName}`;
    });
    await p.locator(tid('whatif-next')).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(tid('whatif-choice')).count()).toBeGreaterThan(0);
    expect(await focused()).toMatch(/^whatif-(option|select)$/);
    // A latency's other values are listed from fastest to slowest (after a branch too, where the nominal one is among them).
    const latencyListed = async () => {
      const ms = await p.locator(`${tid('whatif-choice')}[data-kind="latency"]`).first().locator('option, button').evaluateAll((ns) => ns.map((n) => parseFloat(n.textContent ?? '')).filter((x) => !Number.isNaN(x)));
      expect(ms.length).toBeGreaterThan(1);
      expect(ms).toEqual([...ms].sort((a, b) => a - b));
    };
    await latencyListed();
    // Run a branch from the keyboard: the same control has the focus in the new panel.
    const choice = p.locator(tid('whatif-choice')).first();
    const run = (await choice.locator(tid('whatif-run')).count()) ? choice.locator(tid('whatif-run')) : choice.locator(tid('whatif-option')).first();
    await run.focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(tid('whatif-branch')).count()).toBe(2);
    expect(await focused()).toMatch(/^whatif-(option|run)$/);
    await latencyListed();
    // Back to the root with its Show button: the focus stays on that branch's button.
    await p.locator(`${tid('whatif-branch')}[data-id="0"] ${tid('whatif-show')}`).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(`${tid('whatif-branch')}[data-id="0"]`).getAttribute('data-shown')).toBe('true');
    expect(await p.evaluate(() => (document.activeElement as HTMLElement).closest('[data-id]')?.getAttribute('data-id'))).toBe('0');
    await p.close();
  });

  it('what if and the Back button: Back returns to the run before the branch, Forward to the branch, and the tree stays', async () => {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.setViewportSize({ width: 1280, height: 800 });
    const route = choicesOf({ scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null }).find((c) => c.kind === 'route')!;
    await open(p, `?scenario=multi-worker&preset=seed-fix&step=${route.atEvent - 1}`);
    await p.locator(`${tid('whatif-choice')}[data-index="${route.index}"] ${tid('whatif-option')}`).first().click();
    await expect.poll(() => new URL(p.url()).searchParams.get('choices')).not.toBeNull();
    const branchUrl = p.url();
    await p.goBack();
    await expect.poll(() => new URL(p.url()).searchParams.get('choices')).toBeNull();
    // The page is still the lab (not the page before it), showing the run as it was, with the tree.
    await expect.poll(() => p.locator(`${tid('whatif-branch')}[data-id="0"]`).getAttribute('data-shown')).toBe('true');
    expect(await p.locator(tid('whatif-branch')).count()).toBe(2);
    expect(await stepLabel(p)).toMatch(new RegExp(`^step ${route.atEvent} of`));
    await p.goForward();
    await expect.poll(() => p.locator(`${tid('whatif-branch')}[data-id="1"]`).getAttribute('data-shown')).toBe('true');
    expect(p.url()).toBe(branchUrl);
    await p.close();
  });

  it('causality and change: the selected event lights up its causes and effects across columns and in the flow view, changed layers say so, the Why chain links into the diagram', async () => {
    const trace = runScenario(getScenario('seed-broken'));
    const back = trace.outcome.deletions[0].users[0].resurrections[0];
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    for (const vp of VIEWPORTS) {
      await p.setViewportSize(vp);
      const name = `${vp.width}x${vp.height}`;
      await open(p, '?scenario=seed-broken');
      // The resurrection's render: its whole cause chain is marked as causes in the diagram.
      await p.evaluate((s) => window.__cachelab!.go(s), back.seq);
      const causes = await p.locator(`${tid('timing-svg')} g.ev[data-causal="cause"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
      expect(causes.length, name).toBeGreaterThan(0);
      for (const c of causes) expect(back.causeSeqs, name).toContain(c);
      expect(await p.locator(`${tid('flow-0')} [data-causal="cause"]`).count(), name).toBeGreaterThan(0);
      // The Delete click: its effects (the DELETE request, the commit, the render) light up.
      const click = trace.events.find((e) => e.type === 'user.delete')!;
      await p.evaluate((s) => window.__cachelab!.go(s), click.seq);
      await expect.poll(() => p.locator(`${tid('timing-svg')} g.ev[data-causal="effect"]`).count(), { message: name }).toBeGreaterThan(0);
      const effects = await p.locator(`${tid('timing-svg')} g.ev[data-causal="effect"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
      for (const s of effects) {
        let cur: number | null = s;
        while (cur !== null && cur !== click.seq) cur = trace.events[cur].causeId;
        expect(cur, `${name}: ${s} is not an effect of the click`).toBe(click.seq);
      }
      // What changed at this step, per layer.
      const commit = trace.events.find((e) => e.actor === 'db' && Array.isArray(e.payload.committed))!;
      await p.evaluate((s) => window.__cachelab!.go(s), commit.seq);
      expect(await p.locator(`${tid('flow-0')} ${tid('layer-db')}[data-changed="true"]`).count(), name).toBe(1);
      // The Why chain is a list of links into the diagram.
      await p.locator(`${tid('why-0')} summary`).click();
      const link = p.locator(`${tid('why-0')} ${tid('why-link')}`).last();
      const seq = Number(await link.getAttribute('data-seq'));
      await link.click();
      await expect.poll(() => p.locator(`${tid('td-selected')} p[data-run="0"]`).getAttribute('data-seq'), { message: name }).toBe(String(seq));
      await p.screenshot({ path: join(OUT, `causality-${name}.png`) });
    }
    await p.close();
  });

  it('motion: during Play a message dot travels from sender to receiver, narrated in one line that names the layers; none moves under reduced motion', async () => {
    const trace = runScenario(getScenario('two-worker-reload'), { overrides: ['page.loadRequests=true'] });
    const ix = new TraceIndex(trace, 'A', 'test');
    const served = trace.outcome.deletions[0].users[0].resurrections[0].causeSeqs.map((q) => trace.events[q]).find((e) => e.type === 'http.respond')!;
    for (const vp of VIEWPORTS) {
      const name = `${vp.width}x${vp.height}`;
      for (const reduced of [false, true]) {
        const p = await ctx.newPage();
        p.on('pageerror', (e) => pageErrors.push(e.message));
        await p.emulateMedia({ reducedMotion: reduced ? 'reduce' : 'no-preference' });
        await p.setViewportSize(vp);
        await open(p, '?scenario=two-worker-reload&set=page.loadRequests=true&step=0');
        const narration = p.locator(tid('narration-0'));
        const moving = p.locator(tid('flow-moving-0'));
        // Play: the narration changes with the step; a message dot is on its way (or, reduced, already there).
        await p.locator(tid('play')).click();
        const seen = new Set<string>();
        let travelling = 0;
        await expect.poll(async () => {
          const text = (await narration.textContent()) ?? '';
          if (text) seen.add(text);
          if ((await moving.count()) && (await moving.getAttribute('data-moving')) === 'true') travelling++;
          return seen.size;
        }, { message: name, timeout: 15_000, interval: 40 }).toBeGreaterThan(3);
        await p.locator(tid('play')).click();
        if (reduced) expect(travelling, `${name}: a dot moved under reduced motion`).toBe(0);
        else expect(travelling, `${name}: no dot travelled during Play`).toBeGreaterThan(0);
        // Each line is the trace's own event narrated, and names the layers the message joins.
        await p.evaluate((s) => window.__cachelab!.go(s), served.seq);
        const text = (await narration.textContent()) ?? '';
        expect(text, name).toBe(`▸ ${narrate(ix, served.seq).text}`);
        expect(text, name).toContain(`Django worker ${served.payload.worker} answers the feed from its LocMem copy`);
        expect(await moving.getAttribute('data-from'), name).toBe(served.from);
        expect(await moving.getAttribute('data-to'), name).toBe(served.actor);
        await expect.poll(() => moving.getAttribute('data-moving'), { message: name }).toBe('false');
        await p.locator(tid('run-0')).screenshot({ path: join(OUT, `motion-${reduced ? 'reduced-' : ''}${name}.png`) });
        await p.close();
      }
    }
  });

  it('shows on which worker each request lands: the worker box in the flow view, a tag on each HTTP mark in the timing diagram', async () => {
    const trace = runScenario(getScenario('two-worker-reload'), { overrides: ['page.loadRequests=true'] });
    const handled = trace.events.filter((e) => ['http.request', 'http.respond', 'http.response'].includes(e.type));
    expect(new Set(handled.map((e) => e.payload.worker)).size).toBe(2);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    for (const vp of VIEWPORTS) {
      const name = `${vp.width}x${vp.height}`;
      await p.setViewportSize(vp);
      await open(p, '?scenario=two-worker-reload&set=page.loadRequests=true&step=0');
      // Every page, script, feed and delete request: its worker's box says it handles it.
      for (const type of ['http.request', 'http.response']) {
        for (const e of handled.filter((x) => x.type === type).slice(0, 6)) {
          await p.evaluate((s) => window.__cachelab!.go(s), e.seq);
          const box = p.locator(`${tid('flow-0')} [data-handles="true"]`);
          await expect.poll(() => box.getAttribute('data-testid'), { message: `${name} ${e.seq}` }).toBe(`layer-worker:${e.payload.worker}`);
          expect(await box.locator(tid('flow-worker-handles')).textContent()).toContain(String(e.payload.requestId));
        }
      }
      // An answer on its way back names its worker in the network row.
      const respond = handled.find((e) => e.type === 'http.respond')!;
      await p.evaluate((s) => window.__cachelab!.go(s), respond.seq);
      expect(await p.locator(`${tid('flow-0')} ${tid('layer-network')}`).textContent()).toContain(`from Django worker ${respond.payload.worker}`);
      // Timing diagram: each drawn HTTP mark carries its worker's tag, in 12 px text.
      const tags = await p.locator(`${tid('timing-svg')} ${tid('td-worker-tag')}`).evaluateAll((els) => els.map((g) => ({ worker: g.getAttribute('data-worker'), seq: Number(g.closest('g.ev')?.getAttribute('data-seq')), text: g.textContent, px: parseFloat(getComputedStyle(g.querySelector('text')!).fontSize) })));
      expect(tags.length, name).toBeGreaterThan(3);
      for (const t of tags) {
        const e = trace.events[t.seq];
        expect(t.worker, `${name} ${t.seq}`).toBe(`worker:${e.payload.worker}`);
        expect(t.text, `${name} ${t.seq}`).toContain(`w${e.payload.worker}`);
        expect(t.px, name).toBeGreaterThanOrEqual(12);
      }
      const drawnHttp = await p.locator(`${tid('timing-svg')} g.ev`).evaluateAll((els) => els.map((g) => Number(g.getAttribute('data-seq'))));
      const expected = drawnHttp.filter((q) => handled.some((e) => e.seq === q));
      expect(tags.map((t) => t.seq).sort((a, b) => a - b), name).toEqual(expected.sort((a, b) => a - b));
      await p.screenshot({ path: join(OUT, `workers-${name}.png`) });
    }
    // One worker: no tags (the column says it all).
    await open(p, '?scenario=seed-broken&step=10');
    expect(await p.locator(tid('td-worker-tag')).count()).toBe(0);
    await p.close();
  });

  it('"Guide" opens docs/visualizer.md in the page, and Escape closes it back to the button', async () => {
    await open(page);
    await page.locator(tid('open-guide')).click();
    const dialog = page.locator(tid('doc-visualizer'));
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain(readFileSync(join(REPO, 'docs', 'visualizer.md'), 'utf8').split('\n')[0]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-guide');
  });

  it('"Find a step": "/" puts the cursor in the box, Enter goes to the next matching step, Shift+Enter back, the count says which', async () => {
    await open(page);
    const tl = buildTimeline([new TraceIndex(runScenario(getScenario('seed-broken'), { preset: 'broken' }), 'A', 'x'), new TraceIndex(runScenario(getScenario('seed-fixed'), { preset: 'seed-fix' }), 'B', 'x')]);
    const matches = stepsMatching(tl, 'cache.deleteMany');
    expect(matches.length).toBeGreaterThan(1);
    await page.locator(tid('first')).click();
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('find-input');
    await page.keyboard.type('cache.deleteMany');
    await expect.poll(() => page.locator(tid('find-count')).textContent()).toBe(`${matches.length} steps match; Enter goes to the next`);
    await page.keyboard.press('Enter');
    expect(await stepLabel(page)).toBe(`step ${matches[0] + 1} of ${tl.n}`);
    expect(await page.locator(tid('find-count')).textContent()).toBe(`match 1 of ${matches.length}: step ${matches[0] + 1}`);
    await page.keyboard.press('Enter');
    expect(await stepLabel(page)).toBe(`step ${matches[1] + 1} of ${tl.n}`);
    await page.keyboard.press('Shift+Enter');
    expect(await stepLabel(page)).toBe(`step ${matches[0] + 1} of ${tl.n}`);
    // Typing in the box does not step the run: the arrow keys move the text cursor.
    await page.keyboard.press('ArrowLeft');
    expect(await stepLabel(page)).toBe(`step ${matches[0] + 1} of ${tl.n}`);
    await page.locator(tid('find-input')).fill('no-such-word-anywhere');
    await expect.poll(() => page.locator(tid('find-count')).textContent()).toBe('no step matches');
    await page.locator(tid('find-input')).fill('');
    expect(pageErrors).toEqual([]);
  });

  it('the sticky step bar never covers the first line of the timing legend (scrolled to, or reached by its anchor)', async () => {
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    for (const vp of VIEWPORTS) {
      const name = `${vp.width}x${vp.height}`;
      await p.setViewportSize(vp);
      await open(p);
      for (const how of ['scrollIntoView', 'anchor'] as const) {
        await p.evaluate(() => window.scrollTo(0, 0));
        if (how === 'scrollIntoView') await p.evaluate(() => document.querySelector('section.timing')!.scrollIntoView());
        else await p.evaluate(() => { location.hash = ''; location.hash = '#timing-title'; });
        await p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
        const boxes = await p.evaluate(() => {
          const legend = document.querySelector('section.timing .legend')!;
          const range = document.createRange();
          range.selectNodeContents(legend);
          const first = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top)[0];
          const bar = document.querySelector('[data-testid="stepper"]')!.getBoundingClientRect();
          const title = document.getElementById('timing-title')!.getBoundingClientRect();
          return { line: { top: first.top, bottom: first.bottom }, bar: { top: bar.top, bottom: bar.bottom }, title: { top: title.top }, scrolled: window.scrollY };
        });
        expect(boxes.scrolled, `${name} ${how}: the page did not scroll`).toBeGreaterThan(0);
        expect(boxes.line.top, `${name} ${how}: the step bar covers the legend's first line`).toBeGreaterThanOrEqual(boxes.bar.bottom);
        expect(boxes.title.top, `${name} ${how}: the step bar covers the heading`).toBeGreaterThanOrEqual(boxes.bar.bottom);
        expect(boxes.line.bottom, name).toBeLessThan(vp.height);
      }
      await p.screenshot({ path: join(OUT, `legend-below-step-bar-${name}.png`) });
    }
    await p.close();
  });

  it('steps through seed-broken to the moment the deleted item comes back', async () => {
    await open(page);
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
    const deleteSeq = runScenario(getScenario('seed-broken')).events.find((e) => e.type === 'user.delete')!.seq;
    const click = page.locator(`${tid('timing-svg')} g.ev[data-run="0"][data-seq="${deleteSeq}"]`);
    // The diagram draws the rows near the step only: step on until the delete's row is drawn.
    for (let i = 0; i < 200 && (await click.count()) === 0; i++) await page.keyboard.press('ArrowRight');
    await click.click();
    await expect.poll(() => page.locator(tid('sentence-0')).textContent()).toContain('clicks Delete on "Site visit"');
    expect(await page.locator(`${tid('timing-svg')} g.ev.current[data-run="0"][data-seq="${deleteSeq}"]`).count()).toBe(1);
  });

  it('switches between one run and a comparison', async () => {
    await open(page);
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
    await open(page);
    await editRuns(page);
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
    await open(page);
    await editRuns(page);
    await page.locator(tid('fix-0-2')).check();
    await page.locator(tid('seed-1')).fill('7');
    await page.locator(tid('seed-1')).press('Tab');
    await expect.poll(() => page.locator(tid('source-1')).textContent()).toContain('seed 7');
    // The keys step the run from the page, not from the text field Tab moved to (where they move the caret).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await stepLabel(page)).toMatch(/^step 10 of /);
    const label = await stepLabel(page);
    const sentences = [await page.locator(tid('sentence-0')).textContent(), await page.locator(tid('sentence-1')).textContent()];
    // The link counts steps as the page does: "step 10" is at=10.
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toBe('10');
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
    // A link made before `at` names the same step counted from 0.
    const older = new URL(url);
    older.searchParams.delete('at');
    older.searchParams.set('step', '9');
    await open(other, older.search);
    expect(await stepLabel(other)).toBe(label);
    await other.close();
  });

  it('opens a counterexample trace file with the picker and by drag and drop', async () => {
    await open(page);
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

  it('"What if…" in the step bar brings the panel into view, and stepping from there keeps it in view', async () => {
    // The panel sits below the runs and the diagram: at 1280x800 it was a scroll away at every step.
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, '?scenario=commit-race');
    const panel = page.locator(tid('whatif'));
    const inView = async () => {
      const box = (await panel.locator('h2').boundingBox())!;
      const bar = (await page.locator(tid('stepper')).boundingBox())!;
      return box.y >= bar.y + bar.height - 1 && box.y + box.height <= 800;
    };
    expect(await inView()).toBe(false);
    await page.locator(tid('jump-whatif')).click();
    await expect.poll(inView).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    const before = await page.locator(tid('step-label')).textContent();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator(tid('step-label')).textContent()).not.toBe(before);
    expect(await inView()).toBe(true);
    // While a lesson's question waits, the page shows nothing after the step: no way to the panel either.
    await open(page, '?lesson=1');
    await expect.poll(() => page.locator(tid('jump-whatif')).isHidden()).toBe(true);
  });

  it('"Does it hold?" does not say "holds" where check finds a schedule that breaks the preset, and shows that schedule', async () => {
    // On inflight-refetch the seed's fix holds on the nominal schedule, and the strip said
    // "seed-fix ✔ holds" and "The seed's fix holds here"; check (and lesson 7) show it fails.
    const found = checkScenario(getScenario('inflight-refetch'), { preset: 'seed-fix', overrides: [], runs: DEFAULT_CHECK_RUNS, seed: 1 }).counterexample;
    expect(found).not.toBeNull();
    expect(checkInvariants(runScenario(getScenario('inflight-refetch'), { preset: 'seed-fix' }))).toEqual([]);
    await open(page, '?scenario=inflight-refetch');
    const chip = page.locator(`${tid('holds-line')} ${tid('hold-seed-fix')}`).first();
    expect(await chip.getAttribute('data-holds')).toBe('true');
    expect(await chip.textContent()).toContain('✔ this schedule');
    const deviations = nonNominalChoices(found!.run.points, found!.run.trace.choices).length;
    expect(deviations).toBeGreaterThan(0);
    const other = page.locator(tid('hold-seed-fix-check')).first();
    expect(await other.textContent()).toBe(`✖ check: ${deviations} deviation${deviations === 1 ? '' : 's'} break it`);
    expect(await page.locator(tid('holds-caveat')).textContent()).toContain("The seed's fix holds on this schedule, not on every one");
    // robust holds there and check finds nothing: no such button.
    expect(await page.locator(tid('hold-robust-check')).count()).toBe(0);
    // Its run breaks what check said (fresh-after-commit: a feed answer, not always a render).
    await other.click();
    await expect.poll(() => page.locator(tid('invariants-0')).getAttribute('data-count')).toBe(String(new Set(found!.violations.map((v) => v.invariant)).size));
    for (const v of found!.violations) expect(await page.locator(tid('invariants-0')).textContent()).toContain(v.invariant);
    expect(await page.locator(tid('source-0')).textContent()).toContain('preset seed-fix');
  });

  it('a trace of your own views (--app) is shown as recorded, and says why it cannot be re-run or branched in the page', async () => {
    // "Re-run it in the page" re-ran such a trace with the built-in views: another app, silently.
    await open(page);
    const own = { ...runScenario(getScenario('seed-broken')), app: 'my-fix.ts' };
    await page.locator(tid('file-input')).setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(own)) });
    await expect.poll(() => page.locator(tid('file-banner')).isVisible()).toBe(true);
    expect(await page.locator(tid('file-own-views')).textContent()).toContain('made with your own views (--app my-fix.ts)');
    expect(await page.locator(tid('file-rerun')).isDisabled()).toBe(true);
    expect(await page.locator(tid('whatif')).textContent()).toContain('cachelab replay <file> --app my-fix.ts');
    // A trace of the built-in views keeps its button.
    await page.locator(tid('file-input')).setInputFiles({ name: 'plain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(runScenario(getScenario('seed-broken')))) });
    await expect.poll(() => page.locator(tid('file-banner')).textContent()).toContain('plain.json');
    expect(await page.locator(tid('file-own-views')).count()).toBe(0);
    expect(await page.locator(tid('file-rerun')).isDisabled()).toBe(false);
  });

  it('a malformed or wrong-version file shows a clear message and the page keeps working', async () => {
    await open(page);
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
    await open(page);
    const yaml = `name: my-own\ntoday: 2025-10-06\nusers: [{ name: A, userId: "1" }]\nitems: [{ title: Site visit, startDate: 2025-10-15 }]\nsteps:\n  - { do: open, atMs: -1000 }\n  - { do: delete, item: Site visit, atMs: 0 }\n  - { do: reload, atMs: 5000 }\n`;
    await page.locator(tid('file-input')).setInputFiles({ name: 'mine.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await expect.poll(() => page.locator(tid('file-banner')).textContent()).toContain('scenario my-own');
    expect(await page.locator(tid('verdict-0')).getAttribute('data-verdict')).toBe('back');
    await page.locator(tid('file-input')).setInputFiles({ name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml.replace('do: reload', 'do: remove')) });
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('bad.yaml line 8: steps[2].do: found "remove"');
    await page.locator(tid('error-close')).click();
    await page.locator(tid('file-close')).click();
  });

  it('folds the boxes of users who have not acted yet, and unfolds one the step marks', async () => {
    // cache-pressure has seven users: unfolded, 21 empty boxes pushed the worker below the first screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, '?scenario=cache-pressure&preset=broken');
    const folded = page.locator(`${tid('flow-0')} ${tid('layer-folded')}`);
    expect(await folded.evaluateAll((ns) => ns.map((n) => n.getAttribute('data-actors')))).toEqual(['user:A user:B user:C user:D user:E user:F user:G', 'calendar:A calendar:B calendar:C calendar:D calendar:E calendar:F calendar:G', 'browser:A browser:B browser:C browser:D browser:E browser:F browser:G']);
    expect(await folded.first().textContent()).toContain('users A, B, C, D, E, F, G');
    // Once B opens the calendar, B's boxes are on their own (marked or holding something); the rest stay folded.
    const trace = runScenario(getScenario('cache-pressure'));
    const opensB = trace.events.find((e) => e.type === 'user.open' && e.actor === 'user:B')!;
    for (let i = 0; i < opensB.seq; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepLabel(page)).toMatch(new RegExp(`^step ${opensB.seq + 1} of`));
    expect(await page.locator(`${tid('flow-0')} ${tid('layer-user:B')}`).count()).toBe(1);
    const actors = (await folded.evaluateAll((ns) => ns.map((n) => n.getAttribute('data-actors') ?? ''))).join(' ').split(' ');
    expect(actors).not.toContain('user:B');
    expect(actors).toContain('user:G');
    const worker = await page.locator(`${tid('flow-0')} ${tid('layer-worker:1')}`).boundingBox();
    const flowTop = await page.locator(tid('flow-0')).boundingBox();
    expect(worker!.y - flowTop!.y).toBeLessThan(800);
    // The timing diagram folds the per-user columns with nothing in view, so the seven users'
    // columns and the worker, the Django cache and the database fit 1280 px without scrolling sideways.
    const set = trace.events.find((e) => e.seq > opensB.seq && e.type === 'cache.set')!;
    for (let i = opensB.seq; i < set.seq; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepLabel(page)).toMatch(new RegExp(`^step ${set.seq + 1} of`));
    const scroller = page.locator(tid('timing-scroll'));
    expect(await scroller.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
    const foldedActors = async () => (await page.locator(tid('td-folded')).evaluateAll((ns) => ns.map((n) => n.getAttribute('data-actors') ?? ''))).join(' ').split(' ').filter(Boolean);
    const quiet = await foldedActors();
    expect(quiet).not.toContain(set.actor);
    expect(quiet.length).toBeGreaterThanOrEqual(3);
    // Where the event's mark ends (its arrow's head, or its dot), in the page, against the scroller's box.
    const markIn = async (seq: number) =>
      page.locator(`g.ev.current[data-run="0"][data-seq="${seq}"]`).evaluate((g) => {
        const svg = (g as SVGGElement).ownerSVGElement!.getBoundingClientRect();
        const end = g.querySelector('line.td-arrow')?.getAttribute('x2') ?? g.querySelector('circle.td-dot')!.getAttribute('cx')!;
        const box = g.closest('[data-testid="timing-scroll"]')!.getBoundingClientRect();
        const x = svg.left + Number(end);
        return x >= box.left && x <= box.right;
      });
    expect(await markIn(set.seq)).toBe(true);
    // Stepping onto an event of a folded column unfolds it.
    const next = trace.events.find((e) => e.seq > set.seq && quiet.includes(e.actor))!;
    await page.evaluate((s) => window.__cachelab!.go(s), next.seq);
    await expect.poll(() => stepLabel(page)).toMatch(new RegExp(`^step ${next.seq + 1} of`));
    expect(await foldedActors()).not.toContain(next.actor);
    expect(await markIn(next.seq)).toBe(true);
    // Narrower still, it scrolls sideways to the selected event's column.
    await page.setViewportSize({ width: 800, height: 900 });
    await expect.poll(() => scroller.evaluate((n) => n.scrollWidth > n.clientWidth)).toBe(true);
    const later = trace.events.find((e) => e.seq > next.seq && e.actor === 'db')!;
    await page.evaluate((s) => window.__cachelab!.go(s), later.seq);
    await expect.poll(() => stepLabel(page)).toMatch(new RegExp(`^step ${later.seq + 1} of`));
    expect(await markIn(later.seq)).toBe(true);
  });

  it('renders trace text as text, never as markup', async () => {
    await open(page);
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
    await open(page);
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
    await open(page);
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
    await open(page);
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
