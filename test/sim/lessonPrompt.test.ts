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
    expect(stopped.out).toContain('Stopped. To carry on from here: npx cachelab lesson 1 --question 2 (from the start: npx cachelab lesson 1)');
    expect(stopped.out).not.toContain(`Question 2: ${lesson.questions[1].prompt}`);
  });
});

describe('cachelab lesson --question k: carrying on after a stop, or joining late', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks from question k, after the run up to it; a stop at the answer prompt names the question to carry on at', async () => {
    // A question after k, so that the stop below happens at its answer prompt.
    const lesson = LESSONS.find((l) => l.questions.length >= 4)!;
    const trace = runLesson(lesson);
    const k = 2; // 0-based: `--question 3`
    const typed = [LETTERS[lesson.questions[k].answer(trace)], ''];
    vi.spyOn(lessonTerminal, 'interactive').mockReturnValue(true);
    vi.spyOn(lessonTerminal, 'prompt').mockReturnValue({ question: async () => typed.shift() ?? null, close: () => {} });
    const r = await cachelab('lesson', String(lesson.n), '--question', String(k + 1));
    expect(r.code).toBe(0);
    for (let i = 0; i < k; i++) expect(r.out).not.toContain(`Question ${i + 1}: `);
    expect(r.out).toContain(`Question ${k + 1}: `);
    // The run up to question k's step is shown, as when the earlier questions were answered.
    const cp = trace.events[lesson.questions[k].checkpoint(trace)];
    expect(r.out).toContain(cp.label);
    // Question k+1 (from 1) answered, Enter, then Ctrl-D at question k+2's answer prompt: carry on at k+2.
    expect(r.out).toContain(`Question ${k + 2}: `);
    expect(r.out).toContain(`Stopped. To carry on from here: npx cachelab lesson ${lesson.n} --question ${k + 2} (from the start: npx cachelab lesson ${lesson.n})`);
  });

  it('answers every question from k, counts only those, and refuses a question the lesson lacks or no lesson', async () => {
    const lesson = LESSONS[0];
    const trace = runLesson(lesson);
    const last = lesson.questions.length;
    vi.spyOn(lessonTerminal, 'interactive').mockReturnValue(true);
    vi.spyOn(lessonTerminal, 'prompt').mockReturnValue({ question: async () => LETTERS[lesson.questions[last - 1].answer(trace)], close: () => {} });
    const r = await cachelab('lesson', '1', '--question', String(last));
    // The questions before it were not asked: which, and the command that asks them.
    expect(r.out).toContain(`You answered 1 of 1 right (from question ${last}; ${last === 2 ? 'question 1' : `questions 1 to ${last - 1}`}, not asked here: npx cachelab lesson 1).`);
    const past = await cachelab('lesson', '1', '--question', String(last + 1));
    expect(past.code).toBe(2);
    expect(past.err).toContain(`lesson 1 has ${last} questions; --question ${last + 1} is not one of them`);
    expect((await cachelab('lesson', '--question', '1')).code).toBe(2);
    expect((await cachelab('lesson', '1', '--question', '1', '--markdown')).err).toContain('not with --markdown or --facilitator');
  });
});
