// "Predict, then reveal", checked on the page: while a question waits, nothing after the cursor is
// drawn and no element states what the run does next. Used at every question of every lesson.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Question } from '../../sim/lessons/types';
import { checkInvariants } from '../../sim/invariants/index';
import { traceFacts } from '../../sim/invariants/traceFacts';
import type { Trace } from '../../sim/trace';
import { writeBackSeqs, writeOutcomes } from '../../sim/writeOutcome';

const tid = (id: string) => `[data-testid="${id}"]`;

/** What a reader sees outside the tour panel (which lists every choice, so it is left out). */
export async function pageTextOutsideTour(page: Page): Promise<string> {
  return page.evaluate(() => {
    const tour = document.querySelector('[data-testid="lesson-tour"]') as HTMLElement | null;
    const was = tour?.style.display ?? '';
    if (tour) tour.style.display = 'none';
    const text = document.body.innerText;
    if (tour) tour.style.display = was;
    return text;
  });
}

export async function expectNoSpoilers(page: Page, trace: Trace, checkpoint: number, q: Question, where: string): Promise<void> {
  // The timing diagram ends at the cursor: no event row after it, no band reaching past it.
  const drawn = await page.locator(`${tid('timing-svg')} g.ev`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  expect(drawn.length, where).toBeGreaterThan(0);
  expect(Math.max(...drawn), `${where}: an event after the cursor is drawn`).toBeLessThanOrEqual(checkpoint);
  // Nor is one an event the keyboard can reach (viz/ui/timingKeys.ts): each option's name is checked
  // with every accessible name below; its count is the events up to the cursor, and End, Page Down and
  // Down from the diagram's Tab stop stop at the cursor, leaving the step where it is.
  const options = await page.locator(tid('td-event')).evaluateAll((els) => els.map((e) => ({ run: Number(e.getAttribute('data-run')), seq: Number(e.getAttribute('data-seq')), size: Number(e.getAttribute('aria-setsize')) })));
  expect(options.length, `${where}: the diagram's events are not in the keyboard's reach`).toBeGreaterThan(0);
  for (const o of options.filter((x) => x.run === 0)) {
    expect(o.seq, `${where}: an event after the cursor is an option`).toBeLessThanOrEqual(checkpoint);
    if (options.every((x) => x.run === 0)) expect(o.size, `${where}: the options' count says how many events follow`).toBeLessThanOrEqual(checkpoint + 1);
  }
  const stepBefore = await page.locator(tid('step-label')).textContent();
  // The probe leaves the page as it found it: the focus, the page's and the diagram's scroll.
  await page.evaluate(() => {
    const sc = document.querySelector('[data-testid="timing-scroll"]')!;
    (window as unknown as { before: unknown }).before = { focus: document.activeElement, x: scrollX, y: scrollY, top: sc.scrollTop, left: sc.scrollLeft };
  });
  await page.locator(`${tid('td-event')}[tabindex="0"]`).focus();
  for (const key of ['End', 'PageDown', 'ArrowDown']) {
    await page.keyboard.press(key);
    const seq = await page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.seq));
    expect(seq, `${where}: ${key} in the timing diagram reaches an event after the cursor`).toBeLessThanOrEqual(checkpoint);
  }
  expect(await page.locator(tid('step-label')).textContent(), `${where}: the diagram's keys moved the step`).toBe(stepBefore);
  await page.evaluate(() => {
    const before = (window as unknown as { before: { focus: HTMLElement | null; x: number; y: number; top: number; left: number } }).before;
    if (before.focus && before.focus !== document.body) before.focus.focus({ preventScroll: true });
    else (document.activeElement as HTMLElement | null)?.blur();
    const sc = document.querySelector('[data-testid="timing-scroll"]')!;
    sc.scrollTop = before.top;
    sc.scrollLeft = before.left;
    scrollTo(before.x, before.y);
  });
  const cursorBottom = await page.locator(tid('td-cursor')).evaluate((r) => Number(r.getAttribute('y')) + Number(r.getAttribute('height')));
  const bandBottoms = await page.locator(`${tid('stale-band')} rect.td-band`).evaluateAll((els) => els.map((r) => Number(r.getAttribute('y')) + Number(r.getAttribute('height'))));
  for (const b of bandBottoms) expect(b, `${where}: an invariant band reaches past the cursor`).toBeLessThanOrEqual(cursorBottom + 0.5);
  expect(await page.locator(tid('td-diff')).count(), where).toBe(0);
  // Nor where an invariant breaks (the marks "Where it breaks" leads to).
  expect(await page.locator(tid('td-break')).count(), where).toBe(0);
  // An export is the whole run with its marks: it cannot be taken while the question waits.
  for (const id of ['export-svg', 'export-png', 'export-flow-svg', 'export-json', 'open-guide']) expect(await page.locator(tid(id)).isDisabled(), `${where}: ${id} can be exported`).toBe(true);
  // Nothing that states the outcome is on screen.
  for (const id of ['verdict-0', 'invariants-0', 'holds', 'jump-back', 'jump-break', 'cachekeys']) {
    const n = page.locator(tid(id));
    if (await n.count()) expect(await n.first().isVisible(), `${where}: ${id} is visible`).toBe(false);
  }
  // Nor which copies are stale: the layers show what they hold, not the verdict on it ("✖ stale copy",
  // "◆ old version · edited at 184 ms", a struck or outlined chip, a hatched line or column), for a
  // delete as for a create or an edit (viz/model/withoutJudgements.ts).
  const judged = await page.evaluate(() =>
    [
      '[data-copy]:not([data-copy="none"])',
      '[data-old]:not([data-old="none"])',
      '.layer-copies',
      '.chip-deleted',
      '.chip-old',
      '.chip-missing',
      '[data-testid="layer-stale"]',
      '[data-testid="timing-svg"] rect.td-mark-stale',
      '[data-testid^="now-"]',
    ].filter((sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0 && !e.closest('[data-testid="lesson-tour"]'))),
  );
  expect(judged, `${where}: a copy is marked stale`).toEqual([]);
  // The invariants' column is there only for an invariant broken by now: its "broken invariants"
  // head, drawn for a break still to come, said the run breaks one.
  const brokenByNow = checkInvariants(trace).some((v) => v.startT <= trace.events[checkpoint].t);
  if (!brokenByNow) expect(await page.locator(".td-inv-head").count(), `${where}: the "broken invariants" column is drawn`).toBe(0);
  const text = await pageTextOutsideTour(page);
  expect(spoilersIn(text, trace, checkpoint, q), `${where}: the page's text`).toEqual([]);
  // Nor what a screen reader is told of the timing diagram (its name is no text on the page).
  const diagramName = (await page.locator(tid('timing-svg')).getAttribute('aria-label')) ?? '';
  expect(spoilersIn(diagramName, trace, checkpoint, q), `${where}: the timing diagram's name`).toEqual([]);
  // Nor what the diagram's tooltips say (an SVG title is no text on the page, but hovering shows it
  // and a screen reader reads it): a band drawn up to the cursor said "to the end of the run".
  const now = trace.events[checkpoint].t;
  const bandTips = await page.locator(`${tid('timing-svg')} [data-testid="stale-band"] > title`).allTextContents();
  const later = bandTips.filter((s) => s.includes('to the end of the run') || [...s.matchAll(/ to (\d+) ms/g)].some((m) => Number(m[1]) > now));
  expect(later, `${where}: a band's tooltip says when it ends`).toEqual([]);
  const tips = await page.locator(`${tid('timing-svg')} title`).allTextContents();
  expect(spoilersIn(tips.join('\n'), trace, checkpoint, q), `${where}: the timing diagram's tooltips`).toEqual([]);
  // Nor what the page's controls and marks are named or titled (hover, screen readers).
  const named = await page.evaluate(() =>
    [...document.querySelectorAll('[title], [aria-label], [aria-description]')]
      .filter((e) => !e.closest('[data-testid="lesson-tour"]'))
      .flatMap((e) => ['title', 'aria-label', 'aria-description'].map((a) => e.getAttribute(a) ?? ''))
      .join('\n'),
  );
  expect(spoilersIn(named, trace, checkpoint, q), `${where}: a title or accessible name`).toEqual([]);
  if (!backSoFar(trace, checkpoint)) {
    expect(await page.locator('[data-copy="back"]').count(), where).toBe(0);
    expect(await page.locator(tid('td-resurrection')).count(), where).toBe(0);
  }
}

/** Whether something has come back by the checkpoint (a deleted item, or a write's old version or absence: sim/writeOutcome.ts). */
function backSoFar(trace: Trace, checkpoint: number): boolean {
  const writeBacks = writeBackSeqs(writeOutcomes(traceFacts(trace)));
  return trace.outcome.deletions.some((d) => d.users.some((u) => u.resurrections.some((r) => r.seq <= checkpoint))) || writeBacks.some((s) => s <= checkpoint);
}

/**
 * What a text tells of the answer while question `q` waits at `checkpoint`: a copy called stale, the
 * reveal, an outcome line, or a come-back still to come. For the page's text, and for what a screen
 * reader is told besides (the step bar's live region, the diagram's name). Empty: nothing.
 */
export function spoilersIn(text: string, trace: Trace, checkpoint: number, q: Question): string[] {
  const found: string[] = [];
  const stale = text.match(/stale copy( ·|, unreachable)|still shown ·|old version( back)? ·|lacks "[^"]*" ·|unreachable, |missing · |gone again · /);
  if (stale) found.push(`a copy is called stale: "${stale[0]}"`);
  if (text.includes(q.reveal(trace))) found.push('the reveal');
  for (const line of trace.outcome.summary) if (text.includes(line)) found.push(`the outcome: "${line}"`);
  const back = backSoFar(trace, checkpoint) ? null : text.match(/is back|came back|old version again|is gone again|went back to before/);
  if (back) found.push(`"${back[0]}" before anything came back`);
  return found;
}
