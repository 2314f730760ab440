// The "Lessons" picker at the top of the page: the course in order, each lesson's progress from
// localStorage ("question 2 of 2 · 1/1 right so far", "done · 2/2 right"), an Open button per
// lesson and "Reset progress".
import type { Lesson } from '../../sim/lessons/types';
import { clear, el } from '../ui/dom';
import { summarize, type Progress } from './progress';

export interface PickerHandlers {
  open(n: number): void;
  reset(): void;
}

export class LessonPicker {
  private expanded = false;
  private readonly toggle: HTMLButtonElement;
  private readonly list: HTMLElement;
  private readonly overall: HTMLSpanElement;
  private readonly note: HTMLElement;
  private active: number | null = null;

  constructor(
    root: HTMLElement,
    private readonly lessons: Lesson[],
    private readonly progress: Progress,
    private readonly h: PickerHandlers,
  ) {
    this.toggle = el('button', { type: 'button', class: 'lessons-toggle', 'data-testid': 'lessons-toggle', 'aria-expanded': 'false', 'aria-controls': 'lesson-list' }, 'Lessons');
    this.toggle.addEventListener('click', () => this.setExpanded(!this.expanded));
    this.overall = el('span', { class: 'lessons-overall', 'data-testid': 'lessons-overall' });
    this.note = el('span', { class: 'lessons-note', 'data-testid': 'lessons-note', role: 'status', 'aria-live': 'polite' });
    this.list = el('div', { id: 'lesson-list', class: 'lesson-list', 'data-testid': 'lesson-picker', hidden: true });
    // Escape folds the list away from its toggle or any button in it, and the keyboard goes back to the toggle.
    root.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape' || !this.expanded || ev.defaultPrevented) return;
      ev.preventDefault();
      this.setExpanded(false);
      this.toggle.focus();
    });
    root.append(
      el('div', { class: 'lessons-bar' }, this.toggle, el('span', { class: 'lessons-intro' }, 'Guided tours: the run stops at each question, you predict, then it plays on.'), this.overall, this.note),
      this.list,
    );
    this.render();
  }

  setExpanded(on: boolean): void {
    this.expanded = on;
    this.toggle.setAttribute('aria-expanded', String(on));
    this.list.hidden = !on;
  }

  /** The lesson whose tour is open (marked in the list). */
  setActive(n: number | null): void {
    this.active = n;
    this.render();
  }

  say(message: string): void {
    this.note.textContent = message;
  }

  /** Draws the list again; the control that had the focus keeps it (Reset progress left it on the body). */
  render(): void {
    const active = this.list.ownerDocument.activeElement;
    const had = active instanceof HTMLElement && this.list.contains(active) ? active.dataset.testid : undefined;
    this.drawList();
    if (had) this.list.querySelector<HTMLElement>(`[data-testid="${had}"]`)?.focus({ preventScroll: true });
  }

  private drawList(): void {
    clear(this.list);
    const items = el('ol', { class: 'lesson-items' });
    let done = 0;
    for (const lesson of this.lessons) {
      const s = summarize(lesson, this.progress.get(lesson));
      if (s.done) done++;
      // Named by its visible word first, so speech control can say "click Start".
      const verb = s.answered === 0 ? 'Start' : s.done ? 'Review' : 'Resume';
      const open = el('button', { type: 'button', 'data-testid': `lesson-open-${lesson.n}`, 'aria-label': `${verb} lesson ${lesson.n}: ${lesson.title} (${s.text})` }, verb);
      open.addEventListener('click', () => this.h.open(lesson.n));
      items.append(
        el(
          'li',
          { class: 'lesson-item', 'data-testid': `lesson-item-${lesson.n}`, 'data-state': s.done ? 'done' : s.answered ? 'started' : 'new', 'aria-current': this.active === lesson.n ? 'true' : null },
          el('span', { class: 'lesson-n' }, `${lesson.n}.`),
          el('span', { class: 'lesson-title' }, lesson.title),
          el('span', { class: 'lesson-state', 'data-testid': `lesson-state-${lesson.n}` }, s.text),
          open,
        ),
      );
    }
    const reset = el('button', { type: 'button', 'data-testid': 'lessons-reset' }, 'Reset progress');
    reset.addEventListener('click', () => this.h.reset());
    this.list.append(items, el('p', { class: 'lesson-list-foot' }, el('span', { class: 'muted' }, 'Progress is kept in this browser (localStorage). '), reset));
    this.overall.textContent = `${done} of ${this.lessons.length} done`;
  }
}
