// The layered flow view of one run: the actors from the user down to the database, each with what
// it holds after the current step, and the step's message drawn as an arrow in the left gutter with
// a dot travelling from sender to receiver (not under prefers-reduced-motion), narrated in one line.
// The worker that handles the step's request is marked on its box. Copies of a deleted item, and old
// versions of a created or edited one, are flagged with a mark, a hatch and words. Boxes with nothing to show yet are folded, a line per
// run of them (quietRows.ts).
import type { FlowModel, Line, Row } from '../model/layerModel';
import { foldedName, foldQuietRows, isFolded, type FoldedRows } from '../model/quietRows';
import type { Narration } from '../model/narration';
import { clear, el, svgEl } from './dom';
import { GLYPH } from './palette';

const KIND_ICON: Record<string, string> = {
  user: '☺',
  calendar: '▦',
  browser: '▣',
  network: '⇄',
  worker: '⚙',
  cache: '▤',
  db: '◫',
};

export class FlowView {
  private readonly message: HTMLParagraphElement;
  private readonly narration: HTMLParagraphElement;
  private readonly body: HTMLDivElement;
  private readonly gutter: SVGSVGElement;
  private readonly rows: HTMLDivElement;

  /** `runName`: "run A" when two runs are side by side, so that each box's region has a name of its own. */
  constructor(
    readonly root: HTMLElement,
    readonly run: number,
    private readonly runName: string | null = null,
  ) {
    this.message = el('p', { class: 'flow-message', 'data-testid': `message-${run}` });
    this.narration = el('p', { class: 'flow-narration', 'data-testid': `narration-${run}` });
    this.gutter = svgEl('svg', { class: 'flow-gutter', 'aria-hidden': 'true' });
    this.rows = el('div', { class: 'flow-rows' });
    this.body = el('div', { class: 'flow-body' }, this.rows);
    this.body.prepend(this.gutter as unknown as Node);
    root.append(this.message, this.narration, this.body);
  }

  /** What the step's message means, for the step bar to say; '' when no message travels. */
  said = '';

  /**
   * `causal`: actors of the selected event's causes and effects; `before`: the model one step back
   * (rows whose content changed say so); `narration`: what the step's message means; `motionMs`: how
   * long the dot travels (shorter while playing fast; 0 places it at once).
   */
  render(model: FlowModel, label: (id: string) => string, causal: Map<string, 'cause' | 'effect'> = new Map(), before: FlowModel | null = null, narration: Narration | null = null, motionMs = 450): void {
    const e = model.event;
    this.narration.textContent = narration && model.exact ? `▸ ${narration.text}` : '';
    this.said = narration && model.exact && narration.from && narration.to ? narration.text : '';
    this.narration.hidden = !this.narration.textContent;
    this.narration.dataset.seq = e && model.exact ? String(e.seq) : '';
    if (!e) this.message.textContent = 'Nothing has happened yet.';
    else if (!model.exact) this.message.textContent = `(idle at this moment) last: ${e.t} ms · ${e.type}`;
    else if (model.message) this.message.textContent = `${e.t} ms · ${label(model.message.from)} → ${label(model.message.to)} · ${e.type}: ${e.label}`;
    else this.message.textContent = `${e.t} ms · at ${label(e.actor)} · ${e.type}: ${e.label}`;
    this.message.dataset.exact = String(model.exact);

    clear(this.rows);
    const nodes = new Map<string, HTMLElement>();
    const keep = new Set<string>();
    for (const row of model.rows) {
      const node = this.renderRow(row);
      nodes.set(row.actor.id, node);
      const c = causal.get(row.actor.id);
      if (c) {
        node.dataset.causal = c;
        keep.add(row.actor.id);
      }
      const prev = before?.rows.find((x) => x.actor.id === row.actor.id);
      if (before && prev) {
        const was = new Set(prev.lines.map(lineText));
        const now = row.lines.map(lineText);
        const changed = now.some((t) => !was.has(t)) || now.length !== prev.lines.length || prev.heading !== row.heading;
        if (changed) {
          keep.add(row.actor.id);
          node.dataset.changed = 'true';
          node.querySelector('.layer-name')?.append(el('span', { class: 'layer-changed', 'data-testid': 'layer-changed' }, '● changed at this step'));
          node.querySelectorAll<HTMLElement>('li.line').forEach((li, i) => {
            if (!was.has(now[i])) li.dataset.new = 'true';
          });
        }
      }
      if (model.exact && narration?.worker && row.actor.id === narration.worker) {
        node.dataset.handles = 'true';
        node.querySelector('.layer-name')?.append(el('span', { class: 'layer-handles', 'data-testid': 'flow-worker-handles' }, `${GLYPH.worker} ${e?.type === 'http.request' ? 'handles' : 'answered'} ${e?.payload.requestId ?? 'this request'}`));
      }
    }
    for (const x of foldQuietRows(model.rows, keep)) this.rows.append(isFolded(x) ? renderFolded(x, this.runName) : nodes.get(x.actor.id)!);
    // A box's lines scroll past 190 px (seven users' entries in one cache on a phone): the keyboard
    // must reach the list to scroll it (axe's scrollable-region-focusable), so such a list is a Tab stop.
    for (const list of this.rows.querySelectorAll<HTMLElement>('.layer-lines')) if (list.scrollHeight > list.clientHeight + 1) list.tabIndex = 0;
    this.drawArrow(model, narration?.worker ?? null, motionMs);
  }

  private renderRow(row: Row): HTMLElement {
    const a = row.actor;
    const name = el('div', { class: 'layer-name' }, el('span', { class: 'layer-icon', 'aria-hidden': 'true' }, KIND_ICON[a.kind] ?? '•'), el('strong', {}, a.label));
    if (row.copies) name.append(el('span', { class: 'layer-copies', title: 'copies of a deleted item in this layer' }, `${GLYPH.deleted} ${row.copies}`));
    if (row.olds) name.append(el('span', { class: 'layer-copies', 'data-testid': 'layer-olds', title: 'old versions of a created or edited item in this layer (or answers that leave it out)' }, `${GLYPH.back} ${row.olds}`));
    name.append(el('small', { class: 'layer-heading' }, row.heading));
    const list = el('ul', { class: 'layer-lines', 'aria-label': `${a.label}${this.runName ? `, ${this.runName},` : ''} content` });
    for (const line of row.lines) list.append(renderLine(line));
    if (row.more) list.append(el('li', { class: 'muted' }, `… and ${row.more} more`));
    return el(
      'section',
      {
        class: 'layer',
        'data-testid': `layer-${a.id}`,
        'data-kind': a.kind,
        'data-role': row.role ?? undefined,
        'data-copies': row.copies || undefined,
        'data-olds': row.olds || undefined,
        'aria-label': `${a.label}${this.runName ? `, ${this.runName}` : ''}${row.role === 'from' ? ' (sends the current message)' : row.role === 'to' ? ' (receives the current message)' : ''}`,
      },
      name,
      list,
    );
  }

  /** The message as an arrow in the gutter, with a dot travelling along it (tagged with the worker). */
  private drawArrow(model: FlowModel, worker: string | null, motionMs: number): void {
    clear(this.gutter);
    const h = this.body.clientHeight;
    this.gutter.setAttribute('height', String(h));
    this.gutter.setAttribute('width', '40');
    const centre = (id: string): number | null => {
      const n = this.rows.querySelector<HTMLElement>(`[data-testid="layer-${CSS.escape(id)}"]`);
      return n ? n.offsetTop + Math.min(n.offsetHeight / 2, 16) : null;
    };
    const e = model.event;
    if (!e || !model.exact) return;
    if (!model.message) {
      const y = centre(e.actor);
      if (y !== null) this.gutter.append(svgEl('circle', { class: 'flow-self', cx: 28, cy: y, r: 6 }));
      return;
    }
    const y1 = centre(model.message.from);
    const y2 = centre(model.message.to);
    if (y1 === null || y2 === null) return;
    const bend = Math.min(26, 8 + Math.abs(y2 - y1) / 8);
    const d = `M36,${y1} C${36 - bend},${y1} ${36 - bend},${y2} 34,${y2}`;
    // One marker id per run: two runs side by side each drew "flow-head", a duplicate id in the page.
    const path = svgEl('path', { class: 'flow-arrow', d, 'marker-end': `url(#flow-head-${this.run})` });
    const defs = svgEl('defs');
    const marker = svgEl('marker', { id: `flow-head-${this.run}`, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
    marker.append(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', class: 'flow-head' }));
    defs.append(marker);
    const dot = svgEl('g', { class: 'flow-moving', 'data-testid': `flow-moving-${this.run}`, 'data-from': model.message.from, 'data-to': model.message.to, 'data-worker': worker ?? undefined });
    dot.append(svgEl('circle', { class: 'flow-dot', r: 6, cx: 0, cy: 0 }));
    this.gutter.append(defs, path, dot);
    const place = (x: number, y: number) => dot.setAttribute('transform', `translate(${x},${y})`);
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    if (reduced || motionMs <= 0) {
      place(34, y2);
      dot.dataset.moving = 'false';
      return;
    }
    place(36, y1);
    dot.dataset.moving = 'true';
    const len = path.getTotalLength();
    const started = performance.now();
    const move = (now: number) => {
      const k = Math.min(1, (now - started) / motionMs);
      const p = path.getPointAtLength(k * len);
      place(p.x, p.y);
      if (k >= 1) dot.dataset.moving = 'false';
      else if (dot.isConnected) requestAnimationFrame(move);
    };
    requestAnimationFrame(move);
  }
}

function lineText(line: Line): string {
  return line.segs.map((s) => s.text).join(' ');
}

function renderLine(line: Line): HTMLLIElement {
  const li = el('li', { class: line.copy ? `line line-copy line-${line.copy}` : line.old ? `line line-copy line-${line.old} line-old` : 'line', 'data-testid': line.testid, 'data-copy': line.copy ?? 'none', 'data-old': line.old ?? 'none', 'data-item': line.item });
  for (const s of line.segs) li.append(el('span', { class: s.cls ? s.cls.split(' ').map((c) => `s-${c}`).join(' ') : undefined }, s.text), ' ');
  return li;
}

function renderFolded(group: FoldedRows, runName: string | null): HTMLElement {
  const rows = group.rows;
  const names = foldedName(group);
  return el(
    'section',
    { class: 'layer layer-folded', 'data-testid': 'layer-folded', 'data-kind': group.kind, 'data-actors': rows.map((r) => r.actor.id).join(' '), 'aria-label': `${names}${runName ? `, ${runName}` : ''}: ${group.heading}` },
    el('div', { class: 'layer-name' }, el('span', { class: 'layer-icon', 'aria-hidden': 'true' }, KIND_ICON[group.kind] ?? '•'), el('strong', {}, names), el('small', { class: 'layer-heading' }, `${group.heading} (each)`)),
  );
}
