// The exported pictures read on their own: an SVG opened by itself in Chromium (as pasted into an
// incident report) carries each run's verdict and the key to its marks, and no text runs out of its
// box or off the picture. The page around the diagram, where verdict and legend live, is not exported.
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPO } from './buildApp';
import { GLYPH } from '../../viz/ui/palette';
import { useBuiltApp } from './builtAppPage';

const OUT = join(REPO, 'test-results', 'export-standalone');
const tid = (id: string) => `[data-testid="${id}"]`;
const app = useBuiltApp({ width: 1440, height: 1200 }, OUT);


async function exported(button: string): Promise<string> {
  const [d] = await Promise.all([app.page.waitForEvent('download'), app.page.locator(tid(button)).click()]);
  const path = join(OUT, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

/** The file opened on its own: its text, and every text that runs past its box or off the picture. */
async function standalone(path: string): Promise<{ text: string; key: string; body: string; outside: string[]; title: string; desc: string }> {
  const p = await app.ctx.newPage();
  await p.goto(`file://${path}`);
  const r = await p.evaluate(() => {
    const svg = document.querySelector('svg')!;
    const right = svg.getBoundingClientRect().right;
    const outside: string[] = [];
    for (const t of svg.querySelectorAll('text')) {
      const box = t.previousElementSibling?.matches('rect.fv-box') ? t.previousElementSibling : [...(t.parentElement?.querySelectorAll('rect.fv-box') ?? [])].filter((b) => b.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      const edge = t.classList.contains('fv-line') || t.classList.contains('fv-copy') ? box!.getBoundingClientRect().right : right;
      if (t.getBoundingClientRect().right > edge + 0.5) outside.push(t.textContent ?? '');
    }
    const texts = [...svg.querySelectorAll('text')];
    const join = (list: Element[]) => list.map((t) => t.textContent).join(' ');
    const own = (tag: string) => [...svg.children].find((c) => c.tagName === tag)?.textContent ?? '';
    return { text: join(texts), key: join(texts.filter((t) => t.classList.contains('cap-key'))), body: join(texts.filter((t) => !t.closest('g.cap'))), outside, title: own('title'), desc: own('desc') };
  });
  await p.close();
  return r;
}

const squash = (s: string) => s.replace(/\s+/g, '');

const CASES = [
  ['edit-reverts under broken', '?scenario=edit-reverts&preset=broken', false],
  ["inflight-refetch's check counterexample under seed-fix", '?scenario=inflight-refetch&preset=seed-fix', true],
  ['seed-broken vs seed-fixed', '', false],
] as const;

/** Opens the case; `check`: the "✖ check: … break it" schedule, as run A. */
async function openCase(search: string, check: boolean): Promise<void> {
  await app.open(search);
  if (!check) return;
  await app.page.locator(tid('hold-seed-fix-check')).click();
  await expect.poll(() => app.page.locator(tid('verdict-0')).textContent()).toContain('stayed gone on every calendar, but');
}

describe('exported pictures, opened on their own', () => {
  for (const [name, search, check] of CASES) {
    it(`${name}: the timing and flow SVGs carry each run's verdict and the key to their marks`, async () => {
      await openCase(search, check);
      // Each run's verdict, a part at a time (a run with a delete and writes has one per line).
      const verdicts = await app.page.evaluate(() => [...document.querySelectorAll('.run .verdict')].flatMap((v) => (v.querySelector('.verdict-part') ? [...v.querySelectorAll('.verdict-part')] : [v]).map((p) => p.textContent ?? '')));
      expect(verdicts.length).toBeGreaterThan(0);
      const timing = await standalone(await exported('export-svg'));
      const flow = await standalone(await exported('export-flow-svg'));
      for (const v of verdicts) {
        expect(squash(timing.text), 'timing SVG has the verdict').toContain(squash(v).slice(0, 60));
        expect(squash(flow.text), 'flow SVG has the verdict').toContain(squash(v).slice(0, 60));
      }
      // Named for a browser's tab and a screen reader: what it is, of which runs, and their verdicts.
      const sources = await app.page.locator('[data-testid^="source-"]').allTextContents();
      expect(sources.length).toBeGreaterThan(0);
      expect(timing.title).toMatch(/^Timing diagram: /);
      expect(flow.title).toMatch(/^Layered flow: /);
      for (const src of sources) {
        expect(timing.title).toContain(src.trim().slice(0, 40));
        expect(flow.title).toContain(src.trim().slice(0, 40));
      }
      for (const v of verdicts) for (const file of [timing, flow]) expect(squash(file.desc)).toContain(squash(v).slice(0, 60));
      expect(timing.text).toContain('Hatched column');
      expect(timing.text).toContain('◐ stale');
      expect(flow.text).toContain('◆ N = its copies wrong about a write');
      // Every mark the picture draws is in its key (the verdicts above it say their own words).
      for (const [what, file] of [['timing', timing], ['flow', flow]] as const) {
        const used = Object.values(GLYPH).filter((g) => file.body.includes(g));
        expect(used.length, `${what}: marks drawn`).toBeGreaterThan(0);
        for (const g of used) expect(file.key, `${what} SVG draws ${g}; its key does not say what it means`).toContain(g);
      }
    });

    it(`${name}: no text runs out of its box or off the picture`, async () => {
      await openCase(search, check);
      expect((await standalone(await exported('export-flow-svg'))).outside, 'flow SVG text past its box').toEqual([]);
      expect((await standalone(await exported('export-svg'))).outside, 'timing SVG text off the picture').toEqual([]);
    });
  }
  for (const [name, search, check, identity] of [
    [CASES[1][0], CASES[1][1], true, ['inflight-refetch · preset seed-fix · a schedule 2 deviations from the nominal one']],
    [CASES[2][0], CASES[2][1], false, ['seed-broken · preset broken · nominal schedule', 'seed-fixed · preset seed-fix · nominal schedule']],
  ] as const) {
    it(`${name}: Trace JSON re-opened shows the same verdicts, and its pictures still name the run`, async () => {
      await openCase(search, check);
      const verdicts = await app.page.locator('.run .verdict').allTextContents();
      // One file per run, each its own download.
      const downloads: Download[] = [];
      const collect = (d: Download) => downloads.push(d);
      app.page.on('download', collect);
      await app.page.locator(tid('export-json')).click();
      await expect.poll(() => downloads.length).toBe(verdicts.length);
      app.page.off('download', collect);
      const files: string[] = [];
      for (const d of downloads) {
        const path = join(OUT, `reopened-${d.suggestedFilename()}`);
        await d.saveAs(path);
        files.push(path);
      }
      await app.page.locator(tid('file-input')).setInputFiles(files);
      await expect.poll(() => app.page.locator(tid('source-0')).textContent()).toContain('reopened-');
      expect(await app.page.locator('.run .verdict').allTextContents()).toEqual(verdicts);
      const timing = await standalone(await exported('export-svg'));
      for (const [r, id] of identity.entries()) {
        expect(await app.page.locator(tid(`source-${r}`)).textContent()).toContain(id);
        expect(timing.text).toContain(id);
      }
    });
  }
  it("the check counterexample's files are named apart from the nominal run's", async () => {
    await openCase(CASES[1][1], false);
    const nominal = (await exported('export-svg')).split('/').pop();
    await openCase(CASES[1][1], true);
    const cx = (await exported('export-svg')).split('/').pop();
    expect(nominal).toBe('inflight-refetch_seed-fix_timing.svg');
    expect(cx).toBe('inflight-refetch_seed-fix_deviations-2_timing.svg');
  });
  it('the page had no errors', () => expect(app.pageErrors).toEqual([]));
});
