// A link names its step as the page counts it (`at`, from 1); older links' `step` (from 0) still
// opens the same step, so no link in a chat or a doc moved when `at` came.
import { describe, expect, it } from 'vitest';
import { parseUrlState, toSearch } from '../../viz/model/urlState';

describe('the step in a link', () => {
  it('at=48 is the page\'s "step 48", the same step an older step=47 opens', () => {
    const at = parseUrlState('?scenario=seed-broken&at=48');
    const old = parseUrlState('?scenario=seed-broken&step=47');
    expect(at.errors).toEqual([]);
    expect(old.errors).toEqual([]);
    expect(at.state.step).toBe(47);
    expect(old.state.step).toBe(47);
  });

  it('a link the page writes says at, and reopens the step it was made at', () => {
    for (const step of [0, 1, 47, 10_000_000]) {
      const search = toSearch({ runs: parseUrlState('?scenario=seed-broken').state.runs, step, file: null, lesson: null });
      expect(new URLSearchParams(search).get('at')).toBe(String(step + 1));
      expect(new URLSearchParams(search).has('step')).toBe(false);
      expect(parseUrlState(search).state.step).toBe(step);
    }
  });

  it('at=0 is refused with the range; two disagreeing steps open at and say so', () => {
    const zero = parseUrlState('?at=0');
    expect(zero.errors[0]).toMatch(/^at expects a step number, counted from 1 as the page shows it, an integer from 1 to 10000001/);
    expect(zero.state.step).toBeNull();
    const both = parseUrlState('?at=10&step=3');
    expect(both.state.step).toBe(9);
    expect(both.errors).toEqual(['the link names two steps, at=10 and step=3 (counted from 0); opening step 10']);
    expect(parseUrlState('?at=10&step=9').errors).toEqual([]);
    // A bad `at` falls back on a good older `step` rather than on no step at all.
    expect(parseUrlState('?at=x&step=9').state.step).toBe(9);
  });
});

describe("a trainer's link to a question", () => {
  it('question=2 travels with lesson=4; alone, or out of range, it is refused with why', () => {
    expect(parseUrlState('?lesson=4&question=2').state).toMatchObject({ lesson: 4, question: 2 });
    const alone = parseUrlState('?question=2');
    expect(alone.state.question).toBeNull();
    expect(alone.errors).toEqual(['question=2 opens a question of a lesson; the link names no lesson (add lesson=N)']);
    expect(parseUrlState('?lesson=4&question=0').errors[0]).toMatch(/^question expects a question number, an integer from 1 to 999/);
    // A lesson named but refused: its error, not a false "names no lesson".
    const badLesson = parseUrlState('?lesson=four&question=2');
    expect(badLesson.errors).toHaveLength(1);
    expect(badLesson.errors[0]).toMatch(/^lesson expects a lesson number/);
    expect(badLesson.state.question).toBeNull();
    // The page never writes it: its own URL goes by the learner's progress.
    expect(toSearch({ ...parseUrlState('?lesson=4&question=2').state, step: null })).toBe('?scenario=seed-broken&preset=broken&scenario2=seed-fixed&preset2=seed-fix&lesson=4');
  });
});
