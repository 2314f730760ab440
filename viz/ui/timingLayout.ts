// Where things go in the timing diagram: an axis column, then for each run one column per actor
// (lifelines), runs side by side on the same vertical time axis. Shared by the live diagram and
// the SVG export, which also draw events with the same function.
import type { Timeline } from '../model/timeline';
import type { Violation } from '../model/staleBands';
import { yOfTime } from '../model/timeline';
import type { StaleSpan } from '../model/layerStale';
import { svgEl } from './dom';
import { GLYPH } from './palette';
import { arrowKey, ARROW_COLORS } from './svgStyle';

export interface DiagramLayout {
  width: number;
  axisW: number;
  colW: number;
  gapW: number;
  runX: number[];
  /** Width of a run's actor columns (its invariants column comes after). */
  runW: number[];
  /** Per run: x of the invariants column, its width (0 when nothing is violated) and its lanes. */
  invX: number[];
  invW: number[];
  lanes: string[][];
  headH: number;
  /** Per run and actor: the head label's lines, wrapped to the column. */
  heads: Array<Map<string, string[]>>;
  col: Array<Map<string, number>>;
  /** Per run and actor: its column's width (columns narrow to their header's longest word when the screen is narrow). */
  colWidth: Array<Map<string, number>>;
  /** Per run: each folded column's first actor -> every actor folded into it (quietColumns.ts). */
  folds: Array<Map<string, string[]>>;
}

/** One column of the diagram: an actor, or several quiet ones of a kind folded together. */
interface Column {
  ids: string[];
  label: string;
}

const FOLD_HEAD: Record<string, string> = { user: 'users', calendar: 'FullCalendar', browser: 'browser caches' };

/** Neighbouring folded actors of one kind share a column headed by their users: "users C,D,E,F,G". */
function columnsOf(actors: ReadonlyArray<{ id: string; kind: string; label: string; user?: string }>, folded: ReadonlySet<string> | undefined): Column[] {
  const out: Array<Column & { kind: string; fold: boolean }> = [];
  for (const a of actors) {
    const fold = folded?.has(a.id) ?? false;
    const last = out[out.length - 1];
    if (fold && last?.fold && last.kind === a.kind) last.ids.push(a.id);
    else out.push({ ids: [a.id], label: a.label, kind: a.kind, fold });
  }
  for (const c of out) {
    if (!c.fold) continue;
    const users = c.ids.map((id) => actors.find((a) => a.id === id)?.user);
    c.label = users.every(Boolean) ? `${FOLD_HEAD[c.kind] ?? c.kind} ${users.join(',')}` : `${c.ids.length} ${c.kind}s`;
  }
  return out;
}

export const FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
export const FONT_BOLD = '600 12px system-ui, -apple-system, "Segoe UI", sans-serif';
const LINE_H = 15;
const LANE_W = 16;
const MIN_COL_W = 56;

let ctx2d: CanvasRenderingContext2D | null | undefined;

/** Width of `text` in px in `font` (measured with a canvas; estimated where there is none). */
export function measure(text: string, font = FONT): number {
  if (ctx2d === undefined) ctx2d = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx2d) return text.length * 6.8;
  ctx2d.font = font;
  return ctx2d.measureText(text).width;
}

/** Wraps to lines of at most `px`; a word longer than a line is split, never cut. */
export function wrap(text: string, px: number, font = FONT): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    const next = cur ? `${cur} ${word}` : word;
    if (measure(next, font) <= px) {
      cur = next;
      continue;
    }
    if (cur) lines.push(cur);
    cur = '';
    let w = word;
    while (measure(w, font) > px && w.length > 1) {
      let k = w.length - 1;
      while (k > 1 && measure(w.slice(0, k), font) > px) k--;
      lines.push(w.slice(0, k));
      w = w.slice(k);
    }
    cur = w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** The narrowest a column gets: its header's longest word on a line of its own, with a margin. */
function minColumnWidth(label: string): number {
  return Math.max(MIN_COL_W, Math.ceil(Math.max(...label.split(' ').map((w) => measure(w, FONT_BOLD)))) + 9);
}

export function layoutDiagram(tl: Timeline, availableWidth: number, lanes: string[][] = [], folded: ReadonlyArray<ReadonlySet<string>> = []): DiagramLayout {
  const columns = tl.runs.map((ix, r) => columnsOf(ix.actors, folded[r]));
  const axisW = 78;
  const gapW = tl.runs.length > 1 ? 28 : 0;
  // At least as wide as its head ("broken invariants", centred): one lane's 26 px let the word run into
  // the database column's head and off the right edge of the picture.
  const invHeadW = Math.ceil(measure('invariants', FONT_BOLD)) + 8;
  const invW = tl.runs.map((_, r) => ((lanes[r] ?? []).length ? Math.max(invHeadW, lanes[r].length * LANE_W + 10) : 0));
  const total = columns.reduce((n, cs) => n + cs.length, 0) || 1;
  const free = availableWidth - axisW - gapW * (tl.runs.length - 1) - invW.reduce((a, b) => a + b, 0) - 12;
  // Every column alike when each can have 100 px; on a narrower screen (two runs side by side at
  // 1280 px) each column narrows towards its own header's longest word, so short headers ("network",
  // "user A") give room to long ones ("FullCalendar") and both runs fit; narrower still, it scrolls.
  const uniform = Math.floor(free / total);
  const colW = Math.max(100, Math.min(170, uniform));
  const mins = columns.map((cs) => cs.map((c) => minColumnWidth(c.label)));
  const minSum = mins.flat().reduce((a, b) => a + b, 0);
  const narrow = uniform < 100;
  // Share what is left over the minimum in proportion to each column's shortfall from 100 px.
  const spare = Math.max(0, free - minSum);
  const short = mins.flat().reduce((n, m) => n + Math.max(0, colW - m), 0) || 1;
  const widthOf = (r: number, i: number): number => (narrow ? Math.min(colW, mins[r][i] + Math.floor((spare * Math.max(0, colW - mins[r][i])) / short)) : colW);
  const runX: number[] = [];
  const runW: number[] = [];
  const invX: number[] = [];
  const col: Array<Map<string, number>> = [];
  const colWidth: Array<Map<string, number>> = [];
  const heads: Array<Map<string, string[]>> = [];
  const folds: Array<Map<string, string[]>> = [];
  let x = axisW;
  let maxLines = 1;
  tl.runs.forEach((ix, r) => {
    if (r > 0) x += gapW;
    runX.push(x);
    const m = new Map<string, number>();
    const w = new Map<string, number>();
    const h = new Map<string, string[]>();
    const f = new Map<string, string[]>();
    let cx = x;
    columns[r].forEach((c, i) => {
      const cw = widthOf(r, i);
      const lines = wrap(c.label, cw - 8, FONT_BOLD);
      maxLines = Math.max(maxLines, lines.length);
      // A folded column's actors share its x (their marks, if scrolled into view, land there); its head is drawn once.
      c.ids.forEach((id, k) => {
        m.set(id, cx + cw / 2);
        w.set(id, cw);
        h.set(id, k === 0 ? lines : []);
      });
      if (c.ids.length > 1 || folded[r]?.has(c.ids[0])) f.set(c.ids[0], c.ids);
      cx += cw;
    });
    folds.push(f);
    col.push(m);
    colWidth.push(w);
    heads.push(h);
    runW.push(cx - x);
    x = cx;
    invX.push(x);
    if (invW[r]) maxLines = Math.max(maxLines, 2);
    x += invW[r];
  });
  return { width: x + 12, axisW, colW, gapW, runX, runW, invX, invW, lanes: tl.runs.map((_, r) => lanes[r] ?? []), headH: 22 + maxLines * LINE_H + 4, heads, col, colWidth, folds };
}

/** Cuts text to `px` pixels of the label font (the full text is in the row's tooltip and the "selected" line). */
export function fit(text: string, px: number, font = FONT): string {
  if (measure(text, font) <= px) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`, font) <= px) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, Math.max(1, lo))}…`;
}

/** Run titles and actor names (the head row, drawn in its own strip). */
export function drawHead(g: SVGGElement, tl: Timeline, L: DiagramLayout, runTitles: string[]): void {
  tl.runs.forEach((ix, r) => {
    g.append(svgEl('text', { class: 'td-run-title', x: L.runX[r] + 4, y: 15 }, fit(runTitles[r] ?? ix.name, L.runW[r] + L.invW[r] - 8, '700 13px system-ui, sans-serif')));
    for (const a of ix.actors) {
      const x = L.col[r].get(a.id)!;
      const fold = L.folds[r]?.get(a.id);
      const lines = L.heads[r].get(a.id) ?? [a.label];
      if (fold) {
        // Named in full on hover; it unfolds when the step or the view reaches one of its actors.
        const head = svgEl('g', { class: 'td-folded', 'data-testid': 'td-folded', 'data-run': r, 'data-actors': fold.join(' ') });
        head.append(svgEl('title', {}, `${fold.map((id) => ix.label(id)).join(', ')}: nothing in view, folded`));
        lines.forEach((t, i) => head.append(svgEl('text', { class: 'td-actor-label td-folded-label', x, y: 34 + i * LINE_H, 'text-anchor': 'middle' }, t)));
        g.append(head);
      } else lines.forEach((t, i) => g.append(svgEl('text', { class: 'td-actor-label', 'data-testid': 'td-actor-label', x, y: 34 + i * LINE_H, 'text-anchor': 'middle' }, t)));
    }
    if (L.invW[r]) {
      ['broken', 'invariants'].forEach((t, i) => g.append(svgEl('text', { class: 'td-inv-head', x: L.invX[r] + L.invW[r] / 2, y: 34 + i * LINE_H, 'text-anchor': 'middle' }, t)));
    }
    if (r > 0) g.append(svgEl('line', { class: 'td-run-sep', x1: L.runX[r] - L.gapW / 2, x2: L.runX[r] - L.gapW / 2, y1: 0, y2: L.headH }));
  });
  g.append(svgEl('text', { class: 'td-actor-label', x: 6, y: L.headH - 8 }, 'time (ms)'));
}

/** Lifelines, run separators, axis labels and gap breaks for rows [s0, s1]. */
export function drawFrame(g: SVGGElement, tl: Timeline, L: DiagramLayout, s0: number, s1: number, y0: number, y1: number): void {
  tl.runs.forEach((ix, r) => {
    for (const a of ix.actors) {
      const x = L.col[r].get(a.id)!;
      g.append(svgEl('line', { class: a.kind === 'user' ? 'td-lifeline td-lifeline-user' : 'td-lifeline', x1: x, x2: x, y1: y0, y2: y1 }));
    }
    if (r > 0) g.append(svgEl('line', { class: 'td-run-sep', x1: L.runX[r] - L.gapW / 2, x2: L.runX[r] - L.gapW / 2, y1: y0, y2: y1 }));
  });
  let prevY = -Infinity;
  for (let s = Math.max(0, s0); s <= s1 && s < tl.n; s++) {
    if (s > 0 && tl.slotT[s] === tl.slotT[s - 1]) continue;
    const y = tl.slotY[s];
    if (y - prevY < 15) continue;
    prevY = y;
    g.append(svgEl('text', { class: 'td-axis-label', x: L.axisW - 8, y: y + 4, 'text-anchor': 'end' }, `${tl.slotT[s]} ms`));
  }
  for (const b of tl.breaks) {
    if (b.y < y0 - 20 || b.y > y1 + 20) continue;
    g.append(svgEl('path', { class: 'td-break', d: `M6,${b.y - 3} l6,-4 l6,8 l6,-8 l6,8 l6,-4` }));
    g.append(svgEl('line', { class: 'td-break-line', x1: L.axisW, x2: L.width, y1: b.y, y2: b.y }));
    g.append(svgEl('text', { class: 'td-break-label', x: L.axisW - 8, y: b.y + 13, 'text-anchor': 'end' }, `+${b.dtMs.toLocaleString('en-US')} ms`));
  }
}

export interface EventMarks {
  current: boolean;
  /** A cause or an effect of the selected event. */
  causal?: 'cause' | 'effect';
  resurrection: boolean;
  /** The resurrection is a write's: an edited item's old version (or a created item's absence) back, not a deleted item. */
  writeBack?: boolean;
  /** Invariants this event breaks while no calendar shows anything wrong (a stale feed answer that was ignored). */
  breaks?: string[];
  /** Item titles whose delete this event committed. */
  committed: string[];
  /** A cache hit or response still carrying a deleted item, or an old version of a created or edited one (or leaving it out). */
  staleCopy: boolean;
  /** The worker that handled this HTTP event's request, when the run has several. */
  worker?: { id: string; tag: string; label: string };
}

/**
 * The one mark an event's row carries and its words, as the row says them ("◆ item is back"); the
 * keyboard's name of the event (timingEventName.ts) says the same words. Null: no mark.
 */
export function eventMark(marks: EventMarks): { glyph: string; words: string } | null {
  if (marks.resurrection) return { glyph: GLYPH.back, words: marks.writeBack ? 'back to before the write' : 'item is back' };
  if (marks.breaks?.length) return { glyph: GLYPH.stale, words: `breaks ${marks.breaks.join(', ')}` };
  if (marks.committed.length) return { glyph: GLYPH.deleted, words: `${marks.committed.join(', ')} deleted` };
  if (marks.staleCopy) return { glyph: GLYPH.stale, words: 'stale' };
  return null;
}

/** One event row of one run: arrow (or dot), label, markers, and a click target. */
export function drawEvent(g: SVGGElement, tl: Timeline, L: DiagramLayout, r: number, seq: number, marks: EventMarks): void {
  const ix = tl.runs[r];
  const e = ix.events[seq];
  const y = tl.slotY[tl.eventSlot[r][seq]];
  const cols = L.col[r];
  const xTo = cols.get(e.actor) ?? L.runX[r];
  const xFrom = e.from && e.from !== e.actor ? cols.get(e.from) : undefined;
  const key = arrowKey(e.type);
  const color = ARROW_COLORS[key];
  g.setAttribute('class', `ev${marks.current ? ' current' : ''}${marks.causal ? ` ${marks.causal}` : ''}`);
  if (marks.causal) g.setAttribute('data-causal', marks.causal);
  g.setAttribute('data-run', String(r));
  g.setAttribute('data-seq', String(seq));
  g.setAttribute('transform', `translate(0,${y})`);
  g.append(svgEl('title', {}, `${e.t} ms · step ${tl.eventSlot[r][seq] + 1}${e.from ? ` · ${ix.label(e.from)} → ${ix.label(e.actor)}` : ` · ${ix.label(e.actor)}`} · ${e.type}: ${e.label}`));
  g.append(svgEl('rect', { class: 'td-hit', x: L.runX[r], y: -tl.rowH / 2, width: L.runW[r], height: tl.rowH }));
  // One event per row and run: a label may use the row up to the run's right edge.
  const runEnd = L.runX[r] + L.runW[r] - 4;
  let labelX: number;
  let anchor: string;
  let room: number;
  if (xFrom !== undefined) {
    const dir = xTo > xFrom ? 1 : -1;
    g.append(svgEl('line', { class: 'td-arrow', x1: xFrom, x2: xTo - dir * 2, y1: 4, y2: 4, stroke: color, 'marker-end': `url(#td-head-${key})` }));
    labelX = Math.min(xFrom, xTo) + 6;
    anchor = 'start';
    room = runEnd - labelX;
  } else {
    g.append(svgEl('circle', { class: 'td-dot', cx: xTo, cy: 4, r: 4, fill: color }));
    const rightRoom = runEnd - xTo - 8;
    if (rightRoom >= L.colW * 1.5) {
      labelX = xTo + 8;
      anchor = 'start';
      room = rightRoom;
    } else {
      labelX = xTo - 8;
      anchor = 'end';
      room = xTo - L.runX[r] - 8;
    }
  }
  const mark = eventMark(marks);
  const text = mark ? `${mark.glyph} ${mark.words}: ${e.label}` : `${e.type}: ${e.label}`;
  if (marks.resurrection) g.append(svgEl('path', { class: 'td-mark-back', d: `M${xTo},${-5} l7,9 l-7,9 l-7,-9 z`, 'data-testid': 'td-resurrection' }));
  else if (marks.breaks?.length) g.append(svgEl('rect', { class: 'td-mark-stale td-mark-break', x: xTo - 5, y: -1, width: 10, height: 10, 'data-testid': 'td-break' }));
  else if (marks.committed.length) g.append(svgEl('path', { class: 'td-mark-deleted', d: `M${xTo - 5},${-1} l10,10 M${xTo + 5},${-1} l-10,10` }));
  else if (marks.staleCopy) g.append(svgEl('rect', { class: 'td-mark-stale', x: xTo - 4, y: 0, width: 8, height: 8 }));
  if (marks.worker) {
    // A tag before the label: "w2", the worker that handled the request.
    const w = measure(marks.worker.tag, FONT_BOLD) + 8;
    const tx = anchor === 'start' ? labelX : labelX - w;
    const tag = svgEl('g', { class: 'td-worker-tag', 'data-testid': 'td-worker-tag', 'data-worker': marks.worker.id });
    tag.append(svgEl('title', {}, `handled by ${marks.worker.label}`));
    tag.append(svgEl('rect', { class: 'td-worker-tag-bg', x: tx, y: -11, width: w, height: 15, rx: 3 }));
    tag.append(svgEl('text', { class: 'td-worker-tag-text', x: tx + 4, y: 0 }, marks.worker.tag));
    g.append(tag);
    if (anchor === 'start') labelX += w + 4;
    else labelX -= w + 4;
    room -= w + 4;
  }
  const loud = marks.resurrection || Boolean(marks.breaks?.length);
  g.append(svgEl('text', { class: loud ? 'td-mark-back-label' : 'td-label', x: labelX, y: 0, 'text-anchor': anchor }, fit(text, room, loud || marks.current ? '700 12px system-ui, sans-serif' : FONT)));
}

/**
 * Invariant bands: each run has a column of its own to the right of its actors, one lane per broken
 * invariant, each band named by a label that reads down its lane and stays in view while the band
 * scrolls by. The band's tooltip names the user and the item.
 */
export function drawBands(g: SVGGElement, tl: Timeline, L: DiagramLayout, bands: Violation[][], y0: number, y1: number, labelTop = y0, maxY = Infinity): void {
  bands.forEach((list, r) => {
    const lanes = L.lanes[r] ?? [];
    for (const v of list) {
      const lane = lanes.indexOf(v.invariant);
      if (lane < 0) continue;
      const x = L.invX[r] + 5 + lane * LANE_W;
      const top = yOfTime(tl, v.startT);
      const bottom = Math.min(maxY, v.endT === null ? tl.height : yOfTime(tl, v.endT));
      if (bottom < y0 || top > y1) continue;
      const band = svgEl('g', { 'data-testid': 'stale-band', 'data-invariant': v.invariant, 'data-user': v.user, 'data-item': v.item, 'data-run': r });
      band.append(svgEl('title', {}, `${v.invariant}${v.user ? ` (user ${v.user})` : ''}: ${v.statement} From ${v.startT} ms${v.endT === null ? ' to the end of the run' : ` to ${v.endT} ms`}.`));
      band.append(svgEl('rect', { class: 'td-band', x, y: top, width: LANE_W - 2, height: Math.max(4, bottom - top) }));
      const text = `${GLYPH.stale} ${v.invariant}${v.user ? ` (${v.user})` : ''}`;
      const len = measure(text, '700 12px system-ui, sans-serif') + 8;
      if (bottom - top >= len + 8) {
        const ly = Math.max(top + 4, Math.min(labelTop + 8, bottom - len - 4));
        const label = svgEl('g', { class: 'td-band-label-g', transform: `translate(${x + (LANE_W - 2) / 2},${ly}) rotate(90)` });
        label.append(svgEl('rect', { class: 'td-band-label-bg', x: -1, y: -7.5, width: len, height: 15, rx: 2 }));
        label.append(svgEl('text', { class: 'td-band-label', x: 3, y: 4.5 }, text));
        band.append(label);
      }
      g.append(band);
    }
  });
}

const SPAN_WHAT: Record<StaleSpan['what'], string> = {
  deleted: 'a copy of a deleted item',
  written: 'an old version of a created or edited item (or an answer without it)',
  both: 'a copy of a deleted item, or an old version of a created or edited one,',
};

/** Shading on a layer's own column while that layer holds a copy of a deleted item, or an old version of a created or edited one. */
export function drawLayerStale(g: SVGGElement, tl: Timeline, L: DiagramLayout, spans: StaleSpan[][], y0: number, y1: number, maxY = Infinity): void {
  spans.forEach((list, r) => {
    for (const s of list) {
      const x = L.col[r].get(s.actor);
      if (x === undefined) continue;
      const top = tl.slotY[s.from] - tl.rowH / 2;
      const bottom = Math.min(maxY, s.to >= tl.n ? tl.height : tl.slotY[s.to] - tl.rowH / 2);
      if (bottom <= top || bottom < y0 || top > y1) continue;
      const rect = svgEl('rect', { class: 'td-layer-stale', 'data-testid': 'layer-stale', 'data-run': r, 'data-actor': s.actor, 'data-from': s.from, 'data-what': s.what, x: x - (L.colWidth[r].get(s.actor) ?? L.colW) / 2 + 3, y: top, width: (L.colWidth[r].get(s.actor) ?? L.colW) - 6, height: bottom - top });
      const cut = maxY < (s.to >= tl.n ? tl.height : tl.slotY[s.to] - tl.rowH / 2);
      rect.append(svgEl('title', {}, `${tl.runs[r].label(s.actor)} holds ${SPAN_WHAT[s.what]} from ${tl.slotT[s.from]} ms${cut ? '' : s.to >= tl.n ? ' to the end of the run' : ` to ${tl.slotT[s.to]} ms`}`));
      g.append(rect);
    }
  });
}

export function drawDiff(g: SVGGElement, tl: Timeline, L: DiagramLayout, diff: number | null, y0: number, y1: number): void {
  if (diff === null) return;
  tl.runs.forEach((ix, r) => {
    if (diff >= ix.events.length) return;
    const y = tl.slotY[tl.eventSlot[r][diff]] - tl.rowH / 2;
    if (y < y0 - 10 || y > y1 + 10) return;
    const d = svgEl('g', { 'data-testid': 'td-diff', 'data-run': r });
    d.append(svgEl('line', { class: 'td-diff', x1: L.runX[r], x2: L.runX[r] + L.runW[r], y1: y, y2: y }));
    d.append(svgEl('text', { class: 'td-diff-label', x: L.runX[r] + L.runW[r] - 4, y: y - 3, 'text-anchor': 'end' }, `${GLYPH.diff} first difference (step ${diff})`));
    g.append(d);
  });
}
