// The timing diagram: one lifeline per actor, virtual time down the page, an arrow per message.
// Only the rows in view (plus a margin) are in the DOM, so a 10,000-event trace costs the same to
// draw as a short one; scrolling re-draws the window. Clicking an event jumps to it; from the keyboard,
// its events are a listbox laid over the rows (timingKeys.ts).
import { select } from 'd3';
import type { Violation } from '../model/staleBands';
import { slotsIn, type Timeline } from '../model/timeline';
import { str, type TraceIndex } from '../model/traceIndex';
import { clear, el, SVG_NS, svgEl } from './dom';
import { svgDefs } from './svgStyle';
import { layerStaleSpans, type StaleSpan } from '../model/layerStale';
import type { Causal } from '../model/causality';
import { INVARIANT_ORDER } from '../model/staleBands';
import { workerOf } from '../model/narration';
import { wrongInAnswer, wrongInCacheHit } from '../model/layerModel';
import { writesInForce } from '../model/writeCopies';
import { quietColumns, sameFolds } from '../model/quietColumns';
import { drawBands, drawDiff, drawEvent, drawFrame, drawHead, drawLayerStale, layoutDiagram, type DiagramLayout, type EventMarks } from './timingLayout';
import { eventName } from './timingEventName';
import { EventKeys } from './timingKeys';

interface Row {
  key: string;
  r: number;
  seq: number;
}

export function marksFor(ix: TraceIndex, seq: number, current: boolean, breaks: readonly string[] = []): EventMarks {
  const e = ix.events[seq];
  const committed = Array.isArray(e.payload.committed) && e.actor === 'db' ? e.payload.committed.map((u) => ix.titleOf(str(u))) : [];
  let staleCopy = false;
  if ((e.type === 'cache.get' && e.payload.hit) || e.type === 'http.response') {
    const items = Array.isArray(e.payload.items) ? e.payload.items.map(str) : [];
    staleCopy = ix.deletedBy(seq).some((d) => items.includes(d.uuid));
    // Wrong about a write: what the cache held under the key, or what the worker sent (the flow view's rule).
    const writes = staleCopy ? [] : writesInForce(ix.writes, seq);
    if (writes.length) {
      const life = e.type === 'http.response' ? ix.requests.find((r) => r.response === seq) : undefined;
      staleCopy = (life ? wrongInAnswer(ix, life, writes) : e.type === 'cache.get' ? wrongInCacheHit(ix, e.actor, str(e.payload.key), seq, writes) : []).length > 0;
    }
  }
  // With more than one worker, each HTTP mark says which worker handled its request ("w2").
  const w = ix.actors.filter((a) => a.kind === 'worker').length > 1 ? workerOf(ix, e) : null;
  return { current, resurrection: ix.resurrections.has(seq) || ix.writeBacks.has(seq), writeBack: !ix.resurrections.has(seq) && ix.writeBacks.has(seq), breaks: [...breaks], committed, staleCopy, worker: w ? { id: w, tag: `w${w.replace(/^worker:/, '')}`, label: ix.label(w) } : undefined };
}

export class TimingDiagram {
  private tl: Timeline | null = null;
  private L: DiagramLayout | null = null;
  private bands: Violation[][] = [];
  /** Per run: the events that break an invariant no calendar showed (runCard's verdict), with the invariants' names. */
  private breaks: Array<Map<number, string[]>> = [];
  private spans: StaleSpan[][] = [];
  private lanes: string[][] = [];
  private diff: number | null = null;
  private titles: string[] = [];
  private cursor = 0;
  /** While a question waits: the last slot drawn (nothing after the cursor); null draws all. */
  private limit: number | null = null;
  /** Per run: causes and effects of the selected event. */
  private causal: Array<Causal | null> = [];
  /** Per run: the actors whose columns are folded (nothing in view; only when the diagram is too wide). */
  private folded: Array<Set<string>> = [];
  private frame = 0;
  private readonly head: HTMLDivElement;
  private readonly headSvg: SVGSVGElement;
  private readonly scroller: HTMLDivElement;
  private readonly space: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly world: SVGGElement;
  private readonly layers: Record<'frame' | 'stale' | 'bands' | 'cursor' | 'diff' | 'events', SVGGElement>;
  private readonly selected: HTMLElement;
  private readonly keys: EventKeys;

  constructor(
    root: HTMLElement,
    private readonly onJump: (slot: number) => void,
  ) {
    this.head = el('div', { class: 'td-head' });
    this.headSvg = svgEl('svg', { class: 'td-head-svg', 'aria-hidden': 'true' });
    this.head.append(this.headSvg);
    // No Tab stop of its own: its events are one (timingKeys.ts), and the keys that scroll it work from there.
    this.scroller = el('div', { class: 'td-scroll', 'data-testid': 'timing-scroll', role: 'region', 'aria-label': 'Timing diagram: one lifeline per actor, time in ms downwards. Up and Down move between its events, Enter makes one the current step, Shift+Left and Shift+Right scroll it sideways; click an event to jump to it.' });
    // The arrow keys step the run everywhere, here too; Shift+Left/Right scroll the diagram sideways,
    // the one way a keyboard reaches the columns out of view on a narrow screen.
    this.scroller.addEventListener('keydown', (ev) => {
      if (!ev.shiftKey || ev.altKey || ev.ctrlKey || ev.metaKey || (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight')) return;
      ev.preventDefault();
      ev.stopPropagation();
      this.scroller.scrollLeft += (ev.key === 'ArrowRight' ? 1 : -1) * Math.max(60, Math.round(this.scroller.clientWidth * 0.4));
    });
    this.space = el('div', { class: 'td-space' });
    this.svg = svgEl('svg', { class: 'td-svg', 'data-testid': 'timing-svg', role: 'img', 'aria-label': 'timing diagram' });
    this.svg.append(svgDefs(document));
    this.world = svgEl('g', { class: 'td-world' });
    this.selected = el('div', { class: 'td-selected', 'data-testid': 'td-selected' });
    this.layers = {
      stale: svgEl('g'),
      frame: svgEl('g'),
      bands: svgEl('g'),
      cursor: svgEl('g'),
      diff: svgEl('g'),
      events: svgEl('g'),
    };
    this.world.append(this.layers.stale, this.layers.frame, this.layers.cursor, this.layers.bands, this.layers.diff, this.layers.events);
    this.svg.append(this.world);
    this.keys = new EventKeys({
      jump: (slot) => this.onJump(slot),
      show: (r, slot) => this.showEvent(r, slot),
      name: (r, seq) => this.nameOf(r, seq),
    });
    this.space.append(this.svg, this.keys.root);
    this.scroller.append(this.space);
    root.append(this.selected, this.head, this.scroller);
    this.scroller.addEventListener('scroll', () => {
      this.head.scrollLeft = this.scroller.scrollLeft;
      this.schedule();
    });
    this.svg.addEventListener('click', (ev) => {
      const g = (ev.target as Element).closest('g.ev');
      if (!g || !this.tl) return;
      const r = Number(g.getAttribute('data-run'));
      const seq = Number(g.getAttribute('data-seq'));
      this.onJump(this.tl.eventSlot[r][seq]);
    });
    // Re-lay out when the width changes (window resize, the tour's side panel opening or closing).
    let width = 0;
    new ResizeObserver(() => {
      const w = this.scroller.clientWidth;
      if (w === width) return;
      width = w;
      if (this.tl) this.setData(this.tl, this.bands, this.diff, this.titles, this.breaks);
    }).observe(this.scroller);
  }

  setData(tl: Timeline, bands: Violation[][], diff: number | null, titles: string[], breaks: Array<Map<number, string[]>> = []): void {
    this.breaks = breaks;
    this.tl = tl;
    this.bands = bands;
    this.diff = diff;
    this.titles = titles;
    this.lanes = bands.map((list) => INVARIANT_ORDER.filter((name) => list.some((v) => v.invariant === name)).concat([...new Set(list.map((v) => v.invariant))].filter((n) => !INVARIANT_ORDER.includes(n))));
    // The shading of stale layers costs a walk over every layer change: done after the first paint.
    this.spans = tl.runs.map(() => []);
    tl.runs.forEach((_, r) =>
      setTimeout(() => {
        if (this.tl !== tl) return;
        this.spans[r] = layerStaleSpans(tl, r);
        this.renderWindow();
      }, 0),
    );
    this.space.style.height = `${tl.height}px`;
    this.cursor = Math.min(this.cursor, Math.max(0, tl.n - 1));
    this.keys.setTimeline(tl);
    this.keys.follow(this.cursor, this.limit);
    this.folded = this.foldsInView();
    this.layout();
    this.renderWindow();
  }

  /** Places the columns (with the folds) and draws the head; the rows follow in renderWindow. */
  private layout(): void {
    const tl = this.tl;
    if (!tl) return;
    const L = layoutDiagram(tl, this.scroller.clientWidth || 1200, this.shownLanes(), this.folded);
    this.L = L;
    this.space.style.width = `${L.width}px`;
    this.headSvg.setAttribute('width', String(L.width));
    this.headSvg.setAttribute('height', String(L.headH));
    clear(this.headSvg);
    const g = svgEl('g');
    drawHead(g, tl, L, this.titles);
    this.headSvg.append(g);
    select(this.layers.events).selectAll('g.ev').remove();
  }

  /** The quiet per-user columns to fold for the rows in view, or none when every column fits. */
  private foldsInView(): Array<Set<string>> {
    const tl = this.tl;
    const w = this.scroller.clientWidth || 1200;
    if (!tl || layoutDiagram(tl, w, this.lanes).width <= w) return [];
    const top = this.scroller.scrollTop;
    const [s0, s1] = slotsIn(tl, top, top + (this.scroller.clientHeight || 500));
    return quietColumns(tl, s0, s1, this.cursor);
  }

  setCursor(slot: number, reveal: boolean, hideFuture = false): void {
    this.cursor = slot;
    this.limit = hideFuture ? slot : null;
    if (this.tl) this.space.style.height = `${this.limit === null ? this.tl.height : (this.tl.slotY[this.limit] ?? 0) + this.tl.rowH}px`;
    this.space.dataset.limit = this.limit === null ? '' : String(this.limit);
    this.showSelected();
    this.keys.follow(slot, this.limit);
    if (reveal) this.scrollToRow(slot);
    // Columns with nothing in view fold (seven users' columns); the step's own never does.
    const folds = this.foldsInView();
    const lanes = this.shownLanes();
    if (!sameFolds(folds, this.folded) || JSON.stringify(lanes) !== JSON.stringify(this.L?.lanes ?? [])) {
      this.folded = folds;
      this.layout();
    }
    if (reveal) this.revealColumn(slot);
    this.renderWindow();
  }

  /** Scrolls the diagram down or up to the slot's row when it is out of view. */
  private scrollToRow(slot: number): void {
    if (!this.tl) return;
    const y = this.tl.slotY[slot] ?? 0;
    const top = this.scroller.scrollTop;
    const h = this.scroller.clientHeight || 400;
    if (y < top + this.tl.rowH * 2 || y > top + h - this.tl.rowH * 2) this.scroller.scrollTop = Math.max(0, y - h / 3);
  }

  /** The keyboard moved onto an event: its row and column in view, drawn now (it takes the focus next). */
  private showEvent(r: number, slot: number): void {
    this.scrollToRow(slot);
    this.revealColumn(slot, r);
    this.renderWindow();
  }

  /** The marks an event's row is drawn with: while a question waits, no stale copy, break or cause. */
  private marksOf(r: number, seq: number): EventMarks {
    const tl = this.tl!;
    const marks = marksFor(tl.runs[r], seq, tl.slotEvent[r][this.cursor] === seq, this.limit === null ? this.breaks[r]?.get(seq) : undefined);
    return { ...marks, staleCopy: marks.staleCopy && this.limit === null, causal: this.causalOf(r, seq) };
  }

  private nameOf(r: number, seq: number): { key: string; text: string } {
    const tl = this.tl!;
    const key = `${tl.slotEvent[r][this.cursor] === seq ? 1 : 0}:${this.causalOf(r, seq) ?? ''}:${this.limit === null ? '' : 'q'}`;
    return { key, text: eventName(tl.runs[r], seq, tl.eventSlot[r][seq] + 1, this.marksOf(r, seq), tl.runs.length > 1 ? tl.runs[r].name : null) };
  }

  /**
   * Scrolls sideways to the selected event's column (the first run's) when it is out of view: with
   * seven users (cache-pressure) the per-user columns push the worker, cache and database columns
   * past a 1280 px screen, and stepping onto them showed nothing move.
   */
  private revealColumn(slot: number, run?: number): void {
    const tl = this.tl;
    const L = this.L;
    const w = this.scroller.clientWidth;
    if (!tl || !L || !w || L.width <= w) return;
    const r = run ?? tl.runs.findIndex((_, k) => tl.slotEvent[k][slot] >= 0);
    if (r < 0) return;
    const actor = tl.runs[r].events[tl.slotEvent[r][slot]].actor;
    const x = L.col[r].get(actor);
    if (x === undefined) return;
    const left = this.scroller.scrollLeft;
    const half = (L.colWidth[r].get(actor) ?? L.colW) / 2;
    if (x - half >= left && x + half <= left + w) return;
    this.scroller.scrollLeft = Math.max(0, Math.min(L.width - w, x - w / 2));
  }

  /** The selected step's events in full (the rows cut their labels to the column). */
  private showSelected(): void {
    clear(this.selected);
    const tl = this.tl;
    if (!tl || !tl.n) return;
    tl.runs.forEach((ix, r) => {
      const seq = tl.slotEvent[r][this.cursor];
      const last = tl.lastEvent[r][this.cursor];
      const e = ix.events[seq >= 0 ? seq : last];
      const who = tl.runs.length > 1 ? `Run ${ix.name}: ` : '';
      if (!e) return;
      const text = seq >= 0 ? `${e.t} ms · ${e.from && e.from !== e.actor ? `${ix.label(e.from)} → ${ix.label(e.actor)}` : ix.label(e.actor)} · ${e.type}: ${e.label}` : `idle (last: ${e.t} ms · ${e.type})`;
      this.selected.append(el('p', { 'data-run': r, 'data-seq': e.seq }, el('strong', {}, `${who}step ${this.cursor + 1}`), ` · ${text}`));
    });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderWindow();
    });
  }

  /** Draws the rows in view (with a margin) and nothing else. */
  renderWindow(): void {
    const tl = this.tl;
    const L = this.L;
    if (!tl || !L) return;
    const h = this.scroller.clientHeight || 500;
    const margin = 240;
    const y0 = Math.max(0, this.scroller.scrollTop - margin);
    const y1 = Math.min(tl.height, this.scroller.scrollTop + h + margin);
    this.svg.style.top = `${y0}px`;
    this.svg.setAttribute('width', String(L.width));
    this.svg.setAttribute('height', String(Math.max(1, y1 - y0)));
    this.world.setAttribute('transform', `translate(0,${-y0})`);
    const [s0, s1full] = slotsIn(tl, y0, y1);
    const s1 = this.limit === null ? s1full : Math.min(s1full, this.limit);
    const maxT = this.limit === null ? Infinity : tl.slotT[this.limit];
    const maxY = this.limit === null ? Infinity : tl.slotY[this.limit] + tl.rowH / 2;

    for (const k of ['stale', 'frame', 'bands', 'cursor', 'diff'] as const) clear(this.layers[k]);
    // While a question waits, no layer is shaded as holding a stale copy (it would answer "will the reload show it?").
    drawLayerStale(this.layers.stale, tl, L, this.limit === null ? this.spans : [], y0, y1, maxY);
    drawFrame(this.layers.frame, tl, L, s0, s1, y0, y1);
    drawBands(this.layers.bands, tl, L, this.clipBands(maxT), Math.min(y0, maxY), Math.min(y1, maxY), this.scroller.scrollTop, maxY);
    if (tl.n) {
      const cy = tl.slotY[this.cursor];
      this.layers.cursor.append(svgEl('rect', { class: 'td-cursor', 'data-testid': 'td-cursor', x: L.axisW - 4, y: cy - tl.rowH / 2, width: L.width - L.axisW, height: tl.rowH }));
    }
    if (this.limit === null) drawDiff(this.layers.diff, tl, L, this.diff, y0, y1);

    const rows: Row[] = [];
    for (let s = s0; s <= s1; s++) {
      for (let r = 0; r < tl.runs.length; r++) {
        const seq = tl.slotEvent[r][s];
        if (seq >= 0) rows.push({ key: `${r}:${seq}:${s === this.cursor ? 1 : 0}:${this.causalOf(r, seq) ?? ''}:${this.limit === null ? '' : 'q'}`, r, seq });
      }
    }
    select(this.layers.events)
      .selectAll<SVGGElement, Row>('g.ev')
      .data(rows, (d) => d.key)
      .join((enter) =>
        enter.append((d) => {
          const g = document.createElementNS(SVG_NS, 'g');
          // Nor is an answer marked stale: the same judgement as the flow view's, hidden the same way.
          drawEvent(g, tl, L, d.r, d.seq, this.marksOf(d.r, d.seq));
          return g;
        }),
      );
    this.keys.render(L, s0, s1);
  }

  /** The picture's text alternative: what it shows (the app words it: the runs, the step, each verdict). */
  describe(name: string): void {
    this.svg.setAttribute('aria-label', name);
  }

  setCausal(causal: Array<Causal | null>): void {
    this.causal = causal;
  }

  private causalOf(r: number, seq: number): 'cause' | 'effect' | undefined {
    const c = this.causal[r];
    return c?.causes.has(seq) ? 'cause' : c?.effects.has(seq) ? 'effect' : undefined;
  }

  /** Violations as known at time `maxT`: later ones left out, open ones cut at the cursor. */
  /**
   * The invariants' lanes to draw: while a question waits, only those broken by then. The column's
   * "broken invariants" head, drawn for a break still to come, said the run breaks one.
   */
  private shownLanes(): string[][] {
    const tl = this.tl;
    if (this.limit === null || !tl) return this.lanes;
    const maxT = tl.slotT[this.limit];
    return this.lanes.map((names, r) => names.filter((n) => (this.bands[r] ?? []).some((v) => v.invariant === n && v.startT <= maxT)));
  }

    private clipBands(maxT: number): Violation[][] {
    if (maxT === Infinity) return this.bands;
    return this.bands.map((list) => list.filter((v) => v.startT <= maxT).map((v) => ({ ...v, endT: v.endT === null || v.endT > maxT ? maxT : v.endT })));
  }

  /** A standalone SVG of the whole diagram (every row, not just the visible ones). */
  exportSvg(): SVGSVGElement | null {
    const tl = this.tl;
    if (!tl || !this.L) return null;
    // The file shows every column: nothing is "in view" in an exported diagram.
    const L = this.folded.some((f) => f.size) ? layoutDiagram(tl, this.scroller.clientWidth || 1200, this.lanes) : this.L;
    const svg = svgEl('svg', { xmlns: SVG_NS, width: L.width, height: tl.height + L.headH, viewBox: `0 0 ${L.width} ${tl.height + L.headH}` });
    svg.append(svgDefs(document));
    svg.append(svgEl('rect', { x: 0, y: 0, width: L.width, height: tl.height + L.headH, fill: '#fff' }));
    const head = svgEl('g');
    drawHead(head, tl, L, this.titles);
    const body = svgEl('g', { transform: `translate(0,${L.headH})` });
    drawLayerStale(body, tl, L, tl.runs.map((_, r) => layerStaleSpans(tl, r)), 0, tl.height);
    drawFrame(body, tl, L, 0, tl.n - 1, 0, tl.height);
    drawBands(body, tl, L, this.bands, 0, tl.height);
    drawDiff(body, tl, L, this.diff, 0, tl.height);
    if (tl.n) body.append(svgEl('rect', { class: 'td-cursor', x: L.axisW - 4, y: tl.slotY[this.cursor] - tl.rowH / 2, width: L.width - L.axisW, height: tl.rowH, opacity: 0.8 }));
    for (let s = 0; s < tl.n; s++) {
      for (let r = 0; r < tl.runs.length; r++) {
        const seq = tl.slotEvent[r][s];
        if (seq < 0) continue;
        const g = svgEl('g');
        drawEvent(g, tl, L, r, seq, marksFor(tl.runs[r], seq, s === this.cursor, this.breaks[r]?.get(seq)));
        body.append(g);
      }
    }
    svg.append(head, body);
    return svg;
  }
}
