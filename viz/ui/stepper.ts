// Stepping: first / back / play-pause / forward / last, speed, a scrubber, "step k of n", and the
// keyboard (Left, Right, Space, Home, End) anywhere on the page except in text fields and dialogs.
import { el } from './dom';

export interface StepperHandlers {
  go(slot: number): void;
  jumpDiff(): void;
  jumpBack(): void;
  /** Go to the next event where an invariant breaks (a run where nothing comes back). */
  jumpBreak(): void;
  /** Bring the "What if, at this step?" panel into view (it sits below the runs). */
  jumpWhatIf(): void;
}

const SPEEDS = [1, 2, 4, 8, 16, 32];

export class Stepper {
  private n = 0;
  private cur = 0;
  private timer: number | null = null;
  private readonly scrub: HTMLInputElement;
  private readonly label: HTMLSpanElement;
  private readonly time: HTMLSpanElement;
  private readonly play: HTMLButtonElement;
  private readonly speed: HTMLSelectElement;
  private readonly diffBtn: HTMLButtonElement;
  private readonly backBtn: HTMLButtonElement;
  private readonly breakBtn: HTMLButtonElement;
  private readonly whatIfBtn: HTMLButtonElement;
  /** The page's one live region for the step: what a screen reader says after each step. */
  private readonly said: HTMLParagraphElement;
  private unsaid = '';
  /** Something else is moving the run (the tour playing on): nothing is said until it lets go. */
  private hushed = false;

  constructor(root: HTMLElement, private readonly h: StepperHandlers) {
    const button = (testid: string, text: string, aria: string, fn: () => void) => {
      const b = el('button', { type: 'button', 'data-testid': testid, 'aria-label': aria, title: aria }, text);
      b.addEventListener('click', fn);
      return b;
    };
    // A jump's name is its visible words (speech control says "click First difference"; the name was a
    // sentence that did not contain them), its glyph hidden from screen readers, the longer
    // explanation a description.
    const jump = (testid: string, glyph: string, words: string, description: string, fn: () => void) => {
      const b = el('button', { type: 'button', 'data-testid': testid, title: description, 'aria-description': description }, glyph ? el('span', { 'aria-hidden': 'true' }, `${glyph} `) : null, words);
      b.addEventListener('click', fn);
      return b;
    };
    this.play = button('play', '▶ Play', 'Play (Space)', () => this.toggle());
    this.speed = el('select', { 'data-testid': 'speed', 'aria-label': 'Playback speed' });
    for (const s of SPEEDS) this.speed.append(el('option', { value: s, selected: s === 4 }, `${s} steps/s`));
    this.speed.value = '4';
    this.speed.addEventListener('change', () => {
      if (this.timer !== null) this.start();
    });
    this.scrub = el('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, 'data-testid': 'scrubber', 'aria-label': 'Step' });
    this.scrub.addEventListener('input', () => this.h.go(Number(this.scrub.value)));
    this.label = el('span', { class: 'step-label', 'data-testid': 'step-label' });
    this.said = el('p', { class: 'visually-hidden', role: 'status', 'data-testid': 'step-said' });
    this.time = el('span', { class: 'step-time', 'data-testid': 'step-time' });
    this.diffBtn = jump('jump-diff', '▲', 'First difference', 'Go to the first step where the two runs differ', () => this.h.jumpDiff());
    this.backBtn = jump('jump-back', '◆', 'Where it comes back', 'Go to the next step where a deleted item, or an old version of a created or edited one, comes back', () => this.h.jumpBack());
    // A run that breaks an invariant with nothing coming back on screen (a stale feed answer FullCalendar
    // ignored, an item that never disappeared) had no jump at all: nothing led to what broke.
    this.breakBtn = jump('jump-break', '◐', 'Where it breaks', 'Go to the next step where an invariant breaks, in a run where nothing comes back (a feed answer that still holds the old data, a calendar that never lost the item)', () => this.h.jumpBreak());
    // The panel is below the flow views and the diagram: at 1280x800 it was a scroll away at every
    // step. From it, the arrow keys still step (this bar stays on top) and the panel follows.
    this.whatIfBtn = jump('jump-whatif', '', 'What if…', "Show the scheduler's choices at this step (What if, at this step?)", () => this.h.jumpWhatIf());
    root.append(
      el(
        'div',
        { class: 'stepper-buttons', role: 'group', 'aria-label': 'Step through the run' },
        button('first', '|◀', 'First step (Home)', () => this.h.go(0)),
        button('back', '◀', 'Step back (Left)', () => this.h.go(this.cur - 1)),
        this.play,
        button('forward', '▶', 'Step forward (Right)', () => this.h.go(this.cur + 1)),
        button('last', '▶|', 'Last step (End)', () => this.h.go(this.n - 1)),
        this.speed,
      ),
      this.scrub,
      el('span', { class: 'step-where' }, this.label, this.time),
      el('span', { class: 'stepper-jumps' }, this.backBtn, this.breakBtn, this.diffBtn, this.whatIfBtn),
      this.said,
    );
    document.addEventListener('keydown', (ev) => this.key(ev));
    // The bar is sticky: whatever the page scrolls to (a section, an anchor, a focused control) must
    // land below it, at every width (it wraps to two or three lines on narrow screens).
    const root0 = document.documentElement;
    new ResizeObserver(() => root0.style.setProperty('--stepper-h', `${Math.ceil(root.getBoundingClientRect().height)}px`)).observe(root);
  }

  update(cur: number, n: number, tMs: number, canDiff: boolean, canBack: boolean, origin = '', canWhatIf = true, canBreak = false): void {
    this.cur = cur;
    this.n = n;
    this.scrub.max = String(Math.max(0, n - 1));
    this.scrub.value = String(cur);
    this.scrub.setAttribute('aria-valuetext', `step ${cur + 1} of ${n}, ${tMs} ms`);
    this.label.textContent = n ? `step ${cur + 1} of ${n}` : 'no events';
    this.time.textContent = n ? ` · t = ${tMs} ms${origin}` : '';
    this.diffBtn.hidden = !canDiff;
    this.backBtn.hidden = !canBack;
    this.breakBtn.hidden = !canBreak;
    this.whatIfBtn.hidden = !canWhatIf;
    if (cur >= n - 1 && this.timer !== null) this.stop();
  }

  /**
   * Says the step once (the step label, each run's sentence and the flow views each had a live region
   * of their own: four announcements a step, one of them the step label alone). While playing nothing
   * is said, four steps a second cannot be listened to; Pause, or the end, says where it stopped.
   */
  say(text: string): void {
    if (this.timer !== null || this.hushed) this.unsaid = text;
    else this.said.textContent = text;
  }

  /**
   * The tour plays the run on to its next question at 9 steps a second, each step said as it came;
   * hushed, the steps pass unsaid, and letting go says the step it stopped at, once.
   */
  hush(on: boolean): void {
    this.hushed = on;
    if (on || this.timer !== null) return;
    if (this.unsaid) this.said.textContent = this.unsaid;
    this.unsaid = '';
  }

  /** Milliseconds between steps while playing; null when paused. */
  playIntervalMs(): number | null {
    return this.timer === null ? null : 1000 / (Number(this.speed.value) || 4);
  }

  toggle(): void {
    if (this.timer !== null) this.stop();
    else {
      if (this.cur >= this.n - 1) this.h.go(0);
      this.start();
    }
  }

  private start(): void {
    if (this.timer !== null) clearInterval(this.timer);
    const perS = Number(this.speed.value) || 4;
    this.timer = window.setInterval(() => this.h.go(this.cur + 1), 1000 / perS);
    this.play.textContent = '⏸ Pause';
    this.play.setAttribute('aria-label', 'Pause (Space)');
    this.play.setAttribute('aria-pressed', 'true');
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.unsaid && !this.hushed) {
      this.said.textContent = this.unsaid;
      this.unsaid = '';
    }
    this.play.textContent = '▶ Play';
    this.play.setAttribute('aria-label', 'Play (Space)');
    this.play.setAttribute('aria-pressed', 'false');
  }

  private key(ev: KeyboardEvent): void {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target as HTMLElement | null;
    // A doc open over the page (a modal dialog) has the keys: Home, End and the arrows scroll its text,
    // and the run behind it, which the reader cannot see, stays where it is.
    if (t?.closest?.('dialog[open]')) return;
    const tag = t?.tagName;
    // Arrow keys are the step keys: on a select they step, and never change its value.
    if (tag === 'SELECT' && ev.key.startsWith('Arrow')) {
      ev.preventDefault();
      if (ev.key === 'ArrowRight') this.h.go(this.cur + 1);
      else if (ev.key === 'ArrowLeft') this.h.go(this.cur - 1);
      return;
    }
    const typing = tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && !['checkbox', 'radio', 'button'].includes((t as HTMLInputElement).type)) || t?.isContentEditable;
    if (typing) return;
    const activates = tag === 'BUTTON' || tag === 'INPUT' || tag === 'A';
    switch (ev.key) {
      case 'ArrowRight':
        this.h.go(this.cur + 1);
        break;
      case 'ArrowLeft':
        this.h.go(this.cur - 1);
        break;
      case 'Home':
        this.h.go(0);
        break;
      case 'End':
        this.h.go(this.n - 1);
        break;
      case ' ':
        if (activates) return;
        this.toggle();
        break;
      default:
        return;
    }
    ev.preventDefault();
  }
}
