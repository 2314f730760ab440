// The "Find a step" box above the timing diagram: type words, Enter goes to the next step whose
// event holds them all (Shift+Enter: the previous one), "/" anywhere on the page puts the cursor in
// the box. The count says how many steps match and which one is shown.
import { nextMatch } from '../model/stepSearch';
import { el } from './dom';

export interface StepFindHandlers {
  /** The matching steps, and whether the search stopped at the current step (a question waits). */
  matches(query: string): { steps: number[]; upToCursor: boolean };
  cursor(): number;
  go(slot: number): void;
}

export class StepFind {
  private readonly input: HTMLInputElement;
  private readonly count: HTMLSpanElement;

  constructor(root: HTMLElement, private readonly h: StepFindHandlers) {
    this.input = el('input', {
      type: 'search',
      'data-testid': 'find-input',
      placeholder: 'cache.deleteMany, worker 1, r11, 5034',
      'aria-describedby': 'find-count',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.count = el('span', { class: 'find-count muted', id: 'find-count', role: 'status', 'data-testid': 'find-count' });
    const step = (testid: string, glyph: string, words: string, back: boolean) => {
      const b = el('button', { type: 'button', 'data-testid': testid, title: `${words} (${back ? 'Shift+Enter' : 'Enter'})` }, el('span', { 'aria-hidden': 'true' }, glyph), el('span', { class: 'visually-hidden' }, words));
      b.addEventListener('click', () => this.jump(back));
      return b;
    };
    root.append(
      el(
        'div',
        { class: 'step-find', role: 'search', 'aria-label': 'Find a step' },
        el('label', {}, el('span', {}, 'Find a step '), this.input),
        step('find-prev', '◀', 'Previous match', true),
        step('find-next', '▶', 'Next match', false),
        this.count,
      ),
    );
    this.input.addEventListener('input', () => this.refresh());
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter') return;
      ev.preventDefault();
      this.jump(ev.shiftKey);
    });
    root.ownerDocument.addEventListener('keydown', (ev) => {
      if (ev.key !== '/' || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const t = ev.target as HTMLElement | null;
      if (t?.closest?.('dialog[open]') || t?.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t?.tagName ?? '')) return;
      ev.preventDefault();
      this.input.focus();
      this.input.select();
    });
  }

  /**
   * Says the count again (the run, the step or a question's limit changed). The count is a live
   * region, for the user typing in the box: a step taken elsewhere (the arrow keys, Play) must not
   * make it speak at each step beside the step bar's, so away from the box it says only how many
   * steps match, and is written only when that changes.
   */
  refresh(): void {
    const q = this.input.value.trim();
    let text = '';
    if (q) {
      const { steps, upToCursor } = this.h.matches(q);
      const limit = upToCursor ? " up to this step (the rest of the run is the question's answer)" : '';
      const at = this.input.ownerDocument.activeElement === this.input ? steps.indexOf(this.h.cursor()) : -1;
      text = !steps.length
        ? `no step matches${limit}`
        : at >= 0
          ? `match ${at + 1} of ${steps.length}: step ${steps[at] + 1}${limit}`
          : `${steps.length} step${steps.length === 1 ? '' : 's'} match${steps.length === 1 ? 'es' : ''}${limit}; Enter goes to the next`;
    }
    if (this.count.textContent !== text) this.count.textContent = text;
  }

  private jump(back: boolean): void {
    const q = this.input.value.trim();
    const to = nextMatch(this.h.matches(q).steps, this.h.cursor(), back);
    if (to !== null) this.h.go(to);
    this.refresh();
  }
}
