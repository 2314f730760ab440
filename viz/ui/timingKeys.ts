// The keyboard's way along the timing diagram: a listbox laid over the diagram's rows, one option
// per event drawn, each named by what happened (timingEventName.ts). One Tab stop (a roving
// tabindex: the event the keyboard is on); Up and Down move to the previous and next event (Page Up
// and Page Down ten, Home and End the first and last drawn), Enter or Space makes it the current
// step; Left and Right still step the run, and the keyboard follows the step. The options are
// transparent boxes over the rows (a mouse click goes through to the picture), so the browser's
// focus ring is drawn round the row. Like the rows, only those in view are in the page, plus the
// one the keyboard is on; while a question waits nothing after the cursor is an option either.
import type { Timeline } from '../model/timeline';
import { el } from './dom';
import type { DiagramLayout } from './timingLayout';

interface Ref {
  r: number;
  seq: number;
  slot: number;
}

export interface EventKeysHost {
  /** Makes the slot the current step. */
  jump(slot: number): void;
  /** Scrolls the diagram to the event's row and column, and draws the rows there. */
  show(r: number, slot: number): void;
  /** The event's accessible name, and a key that changes when the name does. */
  name(r: number, seq: number): { key: string; text: string };
}

const PAGE = 10;

export class EventKeys {
  readonly root: HTMLDivElement;
  private tl: Timeline | null = null;
  /** Every event, row by row (slot order, then run A before run B). */
  private order: Ref[] = [];
  private at = new Map<string, number>();
  private active: Ref | null = null;
  /** The last slot that may be an option (a question's step), or the last slot. */
  private maxSlot = -1;
  private cursor = 0;
  private readonly options = new Map<string, HTMLElement>();

  constructor(private readonly host: EventKeysHost) {
    this.root = el('div', { class: 'td-events', role: 'listbox', 'data-testid': 'td-events', 'aria-label': 'Events of the timing diagram, in time order', 'aria-description': 'Up and Down move between the events, Enter makes one the current step.' });
    this.root.addEventListener('keydown', (ev) => this.key(ev));
    // A screen reader's own cursor may put the focus on another option: the keyboard is there now.
    this.root.addEventListener('focusin', (ev) => {
      const o = (ev.target as HTMLElement).closest<HTMLElement>('[role="option"]');
      const i = o ? this.at.get(`${o.dataset.run}:${o.dataset.seq}`) : undefined;
      if (i !== undefined) this.active = this.order[i];
    });
  }

  setTimeline(tl: Timeline): void {
    this.tl = tl;
    this.order = [];
    this.at.clear();
    for (let s = 0; s < tl.n; s++)
      for (let r = 0; r < tl.runs.length; r++) {
        const seq = tl.slotEvent[r][s];
        if (seq < 0) continue;
        this.at.set(`${r}:${seq}`, this.order.length);
        this.order.push({ r, seq, slot: s });
      }
    // A run with no events has no list (an empty listbox is a broken one).
    this.root.hidden = this.order.length === 0;
    // Drawn again (a resize, another run): the keyboard stays on its event if there is one of that name.
    const i = this.active ? this.at.get(`${this.active.r}:${this.active.seq}`) : undefined;
    this.active = i === undefined ? null : this.order[i];
    for (const o of this.options.values()) delete o.dataset.key;
  }

  /** The step is now `cursor` (nothing after `limit` may be shown): the keyboard moves onto its event, unless it is on one already. */
  follow(cursor: number, limit: number | null): void {
    const tl = this.tl;
    if (!tl) return;
    this.cursor = cursor;
    this.maxSlot = limit ?? tl.n - 1;
    if (!this.active || this.active.slot !== cursor) this.active = this.eventAt(cursor);
  }

  private eventAt(slot: number): Ref | null {
    const tl = this.tl!;
    for (let r = 0; r < tl.runs.length; r++) {
      const seq = tl.slotEvent[r][slot];
      if (seq >= 0) return this.order[this.at.get(`${r}:${seq}`)!];
    }
    return this.order[this.lastIndex()] ?? null;
  }

  /** The index of the last event that may be an option. */
  private lastIndex(): number {
    let lo = 0;
    let hi = this.order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid].slot <= this.maxSlot) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** Draws the options of slots s0..s1 and the one the keyboard is on; one that had the focus keeps it. */
  render(L: DiagramLayout, s0: number, s1: number): void {
    const tl = this.tl;
    if (!tl) return;
    const had = this.root.contains(document.activeElement);
    if (this.active && this.active.slot > this.maxSlot) this.active = this.eventAt(Math.min(this.cursor, this.maxSlot));
    const last = this.lastIndex();
    const want: Ref[] = [];
    for (let s = s0; s <= Math.min(s1, this.maxSlot); s++)
      for (let r = 0; r < tl.runs.length; r++) {
        const seq = tl.slotEvent[r][s];
        if (seq >= 0) want.push(this.order[this.at.get(`${r}:${seq}`)!]);
      }
    if (this.active && !want.includes(this.active)) want.push(this.active);
    const keep = new Set(want.map((w) => `${w.r}:${w.seq}`));
    for (const [k, o] of this.options)
      if (!keep.has(k)) {
        o.remove();
        this.options.delete(k);
      }
    for (const w of want) {
      const k = `${w.r}:${w.seq}`;
      let o = this.options.get(k);
      if (!o) {
        o = el('div', { class: 'td-opt', role: 'option', id: `td-ev-${w.r}-${w.seq}`, 'data-testid': 'td-event', 'data-run': w.r, 'data-seq': w.seq });
        this.options.set(k, o);
        this.root.append(o);
      }
      const name = this.host.name(w.r, w.seq);
      if (o.dataset.key !== name.key) {
        o.dataset.key = name.key;
        o.setAttribute('aria-label', name.text);
      }
      o.style.top = `${tl.slotY[w.slot] - tl.rowH / 2}px`;
      o.style.left = `${L.runX[w.r]}px`;
      o.style.width = `${L.runW[w.r]}px`;
      o.style.height = `${tl.rowH}px`;
      o.setAttribute('aria-selected', String(w.slot === this.cursor));
      o.setAttribute('aria-posinset', String(this.at.get(k)! + 1));
      o.setAttribute('aria-setsize', String(last + 1));
      o.tabIndex = w === this.active ? 0 : -1;
    }
    // Drawn again with the focus inside (the step moved under the keyboard): it stays on the event.
    if (had && this.active && !this.options.get(`${this.active.r}:${this.active.seq}`)?.matches(':focus')) this.focusActive();
  }

  private focusActive(): void {
    if (!this.active) return;
    this.options.get(`${this.active.r}:${this.active.seq}`)?.focus({ preventScroll: true });
  }

  private moveTo(i: number): void {
    const last = this.lastIndex();
    if (last < 0) return;
    this.active = this.order[Math.max(0, Math.min(last, i))];
    this.host.show(this.active.r, this.active.slot);
    this.focusActive();
    this.keepInWindow();
  }

  /**
   * The diagram scrolls inside its box to the event; the page scrolls too when the row is out of the
   * window or under the sticky step bar (the diagram's box taller than what is left of the window).
   */
  private keepInWindow(): void {
    const o = this.active && this.options.get(`${this.active.r}:${this.active.seq}`);
    if (!o) return;
    const r = o.getBoundingClientRect();
    const bar = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--stepper-h')) || 0;
    if (r.bottom > innerHeight) scrollBy(0, r.bottom - innerHeight + 8);
    else if (r.top < bar) scrollBy(0, r.top - bar - 8);
  }

  private key(ev: KeyboardEvent): void {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey || !this.active) return;
    const i = this.at.get(`${this.active.r}:${this.active.seq}`) ?? 0;
    switch (ev.key) {
      case 'ArrowDown':
        this.moveTo(i + 1);
        break;
      case 'ArrowUp':
        this.moveTo(i - 1);
        break;
      case 'PageDown':
        this.moveTo(i + PAGE);
        break;
      case 'PageUp':
        this.moveTo(i - PAGE);
        break;
      case 'Home':
        this.moveTo(0);
        break;
      case 'End':
        this.moveTo(this.lastIndex());
        break;
      case 'Enter':
      case ' ':
        this.host.jump(this.active.slot);
        break;
      default:
        return; // Left and Right reach the page's step keys.
    }
    ev.preventDefault();
    ev.stopPropagation();
  }
}
