// @vitest-environment jsdom
// The tour's progress store: kept through the Storage API, and a stored key or question id that
// names an Object.prototype member is data like any other.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../sim/lessons/types';
import { endOfRun, Progress, PROGRESS_KEY, summarize } from '../../viz/lessons/progress';

const question = (id: string) => ({ id, checkpoint: () => 0, prompt: id, choices: ['a', 'b'], answer: () => 0, reveal: () => '' });
const lesson = (n: number, ids: string[]): Lesson => ({ n, slug: `l${n}`, title: '', goal: '', run: { scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null }, setup: '', questions: ids.map(question), takeaway: '', exercise: '' });

describe('lesson progress (viz/lessons/progress.ts)', () => {
  beforeEach(() => localStorage.clear());

  it('survives a reload through localStorage, and a reset clears it', () => {
    const l = lesson(1, ['first', 'second']);
    new Progress().answer(l, 'first', { choice: 1, right: false });
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY)!)).toEqual({ '1': { current: 1, answers: { first: { choice: 1, right: false } } } });
    const reloaded = new Progress();
    expect(summarize(l, reloaded.get(l)).text).toBe('question 2 of 2 · 0/1 right so far');
    reloaded.resetAll();
    expect(localStorage.getItem(PROGRESS_KEY)).toBeNull();
  });

  it('question ids named like Object.prototype members start unanswered', () => {
    const l = lesson(2, ['constructor', 'toString']);
    const p = new Progress();
    expect(p.get(l).current).toBe(0);
    expect(summarize(l, p.get(l)).text).toBe('not started');
    p.answer(l, 'constructor', { choice: 0, right: true });
    expect(new Progress().get(l).current).toBe(1);
  });

  it('a stored "__proto__" entry is an entry, not a prototype', () => {
    localStorage.setItem(PROGRESS_KEY, '{"__proto__": {"current": 1, "answers": {"q": {"choice": 0, "right": true}}}, "3": {"current": 0, "answers": {}}}');
    const l = lesson(3, ['q']);
    const p = new Progress();
    expect(p.get(l).current).toBe(0);
    p.answer(l, 'q', { choice: 0, right: true });
    expect(Object.keys(JSON.parse(localStorage.getItem(PROGRESS_KEY)!)).sort()).toEqual(['3', '__proto__']);
    expect(({} as Record<string, unknown>).current).toBeUndefined();
  });

  it("a latecomer's end of the run counts only the questions they answered and names the ones they skipped", () => {
    const l = lesson(9, ['q1', 'q2', 'q3', 'q4']);
    const p = new Progress();
    // Joined at question 3 (a trainer's link) and answered 3 and 4, one right.
    p.answer(l, 'q3', { choice: 1, right: false });
    p.answer(l, 'q4', { choice: 0, right: true });
    const end = endOfRun(l, p.get(l));
    // Not "done · 1/4 right" nor "You got 1 of 4 right": questions 1 and 2 were never asked.
    expect(end.head).toBe('end of the run · 1/2 right · 2 not answered');
    expect(end.score).toBe('You got 1 of the 2 you answered right; questions 1 and 2 are not answered yet.');
    expect(end.open).toEqual([1, 2]);
    expect(end.allRight).toBe(false);
    p.answer(l, 'q1', { choice: 0, right: true });
    expect(endOfRun(l, p.get(l)).score).toBe('You got 2 of the 3 you answered right; question 2 is not answered yet.');
    p.answer(l, 'q2', { choice: 0, right: true });
    expect(endOfRun(l, p.get(l))).toEqual({ head: 'done · 3/4 right', score: 'You got 3 of 4 right.', open: [], allRight: false });
  });
});
