// Where things go in the timing diagram: an axis column, then for each run one column per actor
// (lifelines), runs side by side on the same vertical time axis. Shared by the live diagram and
// the SVG export, which also draw events with the same function.
import type { Timeline } from '../model/timeline';
import type { Violation } from '../model/staleBands';
import { yOfTime } from '../model/timeline';
import { svgEl } from './dom';
import { GLYPH } from './palette';
import { arrowKey, ARROW_COLORS } from './svgStyle';

export interface DiagramLayout {
  width: number;
  axisW: number;
  colW: number;
  gapW: number;
  runX: number[];
  runW: number[];
  headH: number;
  col: Array<Map<string, number>>;
}

export function layoutDiagram(tl: Timeline, availableWidth: number): DiagramLayout {
  const axisW = 78;
  const gapW = tl.runs.length > 1 ? 28 : 0;
  const total = tl.runs.reduce((n, ix) => n + ix.actors.length, 0) || 1;
  const colW = Math.max(74, Math.min(150, Math.floor((availableWidth - axisW - gapW * (tl.runs.length - 1) - 12) / total)));
  const runX: number[] = [];
  const runW: number[] = [];
  const col: Array<Map<string, number>> = [];
  let x = axisW;
  tl.runs.forEach((ix, r) => {
    if (r > 0) x += gapW;
    runX.push(x);
    const m = new Map<string, number>();
    ix.actors.forEach((a, i) => m.set(a.id, x + colW * i + colW / 2));
    col.push(m);
    runW.push(colW * ix.actors.length);
    x += colW * ix.actors.length;
  });
  return { width: x + 12, axisW, colW, gapW, runX, runW, headH: 50, col };
}

/** Cuts text to about `px` pixels of 10.5px sans-serif. */
export function fit(text: string, px: number): string {
  const max = Math.max(3, Math.floor(px / 5.6));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function wrap2(text: string, px: number): string[] {
  const max = Math.max(4, Math.floor(px / 6));
  const words = text.split(' ');
  let a = '';
  let i = 0;
  for (; i < words.length; i++) {
    const next = a ? `${a} ${words[i]}` : words[i];
    if (next.length > max && a) break;
    a = next;
  }
  const b = words.slice(i).join(' ');
  return b ? [fit(a, px), fit(b, px)] : [fit(a, px)];
}

/** Run titles and actor names (the head row, drawn in its own strip). */
export function drawHead(g: SVGGElement, tl: Timeline, L: DiagramLayout, runTitles: string[]): void {
  tl.runs.forEach((ix, r) => {
    g.append(svgEl('text', { class: 'td-run-title', x: L.runX[r] + 4, y: 13 }, fit(runTitles[r] ?? ix.name, L.runW[r])));
    for (const a of ix.actors) {
      const x = L.col[r].get(a.id)!;
      const lines = wrap2(a.label, L.colW - 6);
      lines.forEach((t, i) => g.append(svgEl('text', { class: 'td-actor-label', x, y: 29 + i * 12, 'text-anchor': 'middle' }, t)));
    }
    if (r > 0) g.append(svgEl('line', { class: 'td-run-sep', x1: L.runX[r] - L.gapW / 2, x2: L.runX[r] - L.gapW / 2, y1: 0, y2: L.headH }));
  });
  g.append(svgEl('text', { class: 'td-actor-label', x: 6, y: 41 }, 'time (ms)'));
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
    if (y - prevY < 13) continue;
    prevY = y;
    g.append(svgEl('text', { class: 'td-axis-label', x: L.axisW - 8, y: y + 3.5, 'text-anchor': 'end' }, `${tl.slotT[s]} ms`));
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
  resurrection: boolean;
  /** Item titles whose delete this event committed. */
  committed: string[];
  /** A cache hit or response still carrying a deleted item. */
  staleCopy: boolean;
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
  g.setAttribute('class', marks.current ? 'ev current' : 'ev');
  g.setAttribute('data-run', String(r));
  g.setAttribute('data-seq', String(seq));
  g.setAttribute('transform', `translate(0,${y})`);
  g.append(svgEl('title', {}, `${e.t} ms · step ${seq}${e.from ? ` · ${ix.label(e.from)} → ${ix.label(e.actor)}` : ` · ${ix.label(e.actor)}`} · ${e.type}: ${e.label}`));
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
  let text = `${e.type}: ${e.label}`;
  if (marks.resurrection) {
    g.append(svgEl('path', { class: 'td-mark-back', d: `M${xTo},${-5} l7,9 l-7,9 l-7,-9 z`, 'data-testid': 'td-resurrection' }));
    text = `${GLYPH.back} item is back: ${e.label}`;
  } else if (marks.committed.length) {
    g.append(svgEl('path', { class: 'td-mark-deleted', d: `M${xTo - 5},${-1} l10,10 M${xTo + 5},${-1} l-10,10` }));
    text = `${GLYPH.deleted} ${marks.committed.join(', ')} deleted: ${e.label}`;
  } else if (marks.staleCopy) {
    g.append(svgEl('rect', { class: 'td-mark-stale', x: xTo - 4, y: 0, width: 8, height: 8 }));
    text = `${GLYPH.stale} stale: ${e.label}`;
  }
  g.append(svgEl('text', { class: marks.resurrection ? 'td-mark-back-label' : 'td-label', x: labelX, y: 0, 'text-anchor': anchor }, fit(text, room)));
}

const LANE_W = 11;

/**
 * Stale bands on the affected users' lifelines, one lane per invariant (several usually fail
 * together), each naming its invariant down the band. Violations about no one user go on the first
 * user's lifeline.
 */
export function drawBands(g: SVGGElement, tl: Timeline, L: DiagramLayout, bands: Violation[][], y0: number, y1: number, labelTop = y0, maxY = Infinity): void {
  bands.forEach((list, r) => {
    const ix = tl.runs[r];
    const firstUser = ix.actors.find((a) => a.kind === 'user')?.id;
    const lanes = new Map<string, string[]>();
    for (const v of list) {
      const actor = v.user ? ix.userActor(v.user) : firstUser;
      if (!actor) continue;
      const names = lanes.get(actor) ?? [];
      if (!names.includes(v.invariant)) names.push(v.invariant);
      lanes.set(actor, names);
    }
    for (const v of list) {
      const actor = v.user ? ix.userActor(v.user) : firstUser;
      const cx = actor ? L.col[r].get(actor) : undefined;
      if (!actor || cx === undefined) continue;
      const names = lanes.get(actor)!;
      const x = cx - (names.length * LANE_W) / 2 + names.indexOf(v.invariant) * LANE_W;
      const top = yOfTime(tl, v.startT);
      const bottom = Math.min(maxY, v.endT === null ? tl.height : yOfTime(tl, v.endT));
      if (bottom < y0 || top > y1) continue;
      const band = svgEl('g', { 'data-testid': 'stale-band', 'data-invariant': v.invariant, 'data-user': v.user, 'data-item': v.item, 'data-run': r });
      band.append(svgEl('title', {}, `${v.invariant}${v.user ? ` (user ${v.user})` : ''}: ${v.statement} From ${v.startT} ms${v.endT === null ? ' to the end of the run' : ` to ${v.endT} ms`}.`));
      band.append(svgEl('rect', { class: 'td-band', x, y: top, width: LANE_W - 1, height: Math.max(4, bottom - top) }));
      // The name runs down the band and stays in view while the band scrolls by.
      const text = `${GLYPH.stale} ${v.invariant}`;
      const len = text.length * 5.6 + 6;
      if (bottom - top >= len + 8) {
        const ly = Math.max(top + 4, Math.min(labelTop + 8, bottom - len - 4));
        const label = svgEl('g', { transform: `translate(${x + (LANE_W - 1) / 2},${ly}) rotate(90)` });
        label.append(svgEl('rect', { class: 'td-band-label-bg', x: -1, y: -5.5, width: len, height: 11, rx: 2 }));
        label.append(svgEl('text', { class: 'td-band-label', x: 2, y: 3.5 }, text));
        band.append(label);
      }
      g.append(band);
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
