// `cachelab lesson N` at a terminal: a typed answer is one letter of the question's choices; anything
// else is answered with what to type, never silently re-asked nor read by its first letter.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lessonTerminal, readChoice } from '../../sim/cli/cliLesson';
import { LESSONS, runLesson } from '../../sim/lessons/index';
import { cachelab } from './cliHarness';

const LETTERS = 'ABCDEFGH';

describe('cachelab lesson: reading a typed answer', () => {
  it('takes one letter, either case, spaces around it', () => {
    expect(readChoice('a', 2)).toBe(0);
    expect(readChoice(' B ', 2)).toBe(1);
    expect(readChoice('d', 4)).toBe(3);
  });

  it('says what to type for a letter past the choices, a word, or nothing', () => {
    const say = 'Type one letter, A to B (Ctrl-C stops).';
    expect(readChoice('C', 2)).toBe(say);
    // Read by its first letter, "b is right" was (B) and "hello" was re-asked without a word.
    expect(readChoice('b is right', 2)).toBe(say);
    expect(readChoice('hello', 2)).toBe(say);
    expect(readChoice('', 2)).toBe(say);
    expect(readChoice('x', 4)).toBe('Type one letter, A to D (Ctrl-C stops).');
  });
});

describe('cachelab lesson at a terminal: a session', () => {
  afterEach(() => vi.restoreAllMocks());

  it('after each reveal but the last, waits for Enter before the next question (its trace lines would scroll the reveal away); Ctrl-C there stops', async () => {
    const lesson = LESSONS[0];
    const trace = runLesson(lesson);
    const asked: string[] = [];
    const typed = [...lesson.questions.flatMap((q, i) => [LETTERS[q.answer(trace)], ...(i + 1 < lesson.questions.length ? [''] : [])])];
    vi.spyOn(lessonTerminal, 'interactive').mockReturnValue(true);
    vi.spyOn(lessonTerminal, 'prompt').mockReturnValue({ question: async (text) => (asked.push(text), typed.shift() ?? null), close: () => {} });
    const r = await cachelab('lesson', '1');
    expect(r.code).toBe(0);
    expect(asked).toEqual(lesson.questions.flatMap((_, i) => ['Your answer: ', ...(i + 1 < lesson.questions.length ? [`(Enter: on to question ${i + 2}) `] : [])]));
    expect(r.out).toContain(`You answered ${lesson.questions.length} of ${lesson.questions.length} right.`);
    // Ctrl-C (null) at the pause: stopped, with the way back.
    typed.splice(0, typed.length, LETTERS[lesson.questions[0].answer(trace)]);
    const stopped = await cachelab('lesson', '1');
    expect(stopped.out).toContain('Stopped. To start again: cachelab lesson 1');
    expect(stopped.out).not.toContain(`Question 2: ${lesson.questions[1].prompt}`);
  });
});
