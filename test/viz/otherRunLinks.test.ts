// The tour's "see it for yourself" link opens the run a revealed answer speaks of: where the reveal
// gives a command for that scenario (`cachelab replay … --choices`, `cachelab run … --seed`), the
// link's run is the same schedule, not the nominal one (which, for a race, holds).
import { describe, expect, it } from 'vitest';
import { LESSONS, runLesson } from '../../sim/lessons/index';
import { parseUrlState } from '../../viz/model/urlState';
import { otherRunSearch, scheduleWords } from '../../viz/lessons/otherRunLinks';
import { describeOtherRun } from '../../sim/lessons/otherRun';

/** The schedule a reveal's `cachelab run|replay <scenario> …` command names: null where it names none. */
function commandSchedule(reveal: string, scenario: string): { seed: number | null; choices: number[] } | null {
  const m = reveal.match(new RegExp(`cachelab (?:run|replay) ${scenario} [^\`]*`));
  if (!m) return null;
  const seed = m[0].match(/--seed (\d+)/);
  const choices = m[0].match(/--choices ([\d,]+|nominal)/);
  return { seed: seed ? Number(seed[1]) : null, choices: choices && choices[1] !== 'nominal' ? choices[1].split(',').map(Number) : [] };
}

describe("a revealed answer's link to another run", () => {
  const cases = LESSONS.flatMap((lesson) => lesson.questions.filter((q) => q.about).map((q) => ({ lesson, q })));

  it('every question about another run has one, which opens its scenarios with its preset and --set', () => {
    expect(cases.length).toBeGreaterThan(10);
    for (const { lesson, q } of cases) {
      for (const scenario of q.about!.scenarios) {
        const { state, errors } = parseUrlState(otherRunSearch(q.about!, scenario));
        expect(errors, `${lesson.n}/${q.id}`).toEqual([]);
        expect(state.runs).toHaveLength(1);
        expect(state.runs[0]).toMatchObject({ scenario, preset: q.about!.preset, overrides: q.about!.overrides });
      }
    }
  });

  it("opens the schedule the reveal's own command runs (seed or choices), wherever the reveal gives one", () => {
    let compared = 0;
    for (const { lesson, q } of cases) {
      const reveal = q.reveal(runLesson(lesson));
      for (const scenario of q.about!.scenarios) {
        const said = commandSchedule(reveal, scenario);
        if (!said) continue;
        const run = parseUrlState(otherRunSearch(q.about!, scenario)).state.runs[0];
        expect({ seed: run.seed, choices: run.choices ?? [] }, `${lesson.n}/${q.id}: ${reveal}`).toEqual(said);
        compared++;
      }
    }
    // Lessons 7, 8, 9 and 10 give commands with scripted schedules and a seed.
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  it('names a seed schedule "random seed N", as the run line does, not "seed N" (next to "seed-fix", "the seed")', () => {
    const seeded = LESSONS.flatMap((l) => l.questions).filter((q) => q.about?.schedule && 'seed' in q.about.schedule);
    expect(seeded.length).toBeGreaterThan(0);
    for (const q of seeded) expect(scheduleWords(q.about!)).toBe(`, random seed ${(q.about!.schedule as { seed: number }).seed}`);
    // Before the answer too (tour, terminal, sheet, lesson pages): the scenario and config alone run the nominal schedule.
    for (const q of seeded) expect(describeOtherRun(q.about!)).toMatch(new RegExp(` · random seed ${(q.about!.schedule as { seed: number }).seed}$`));
  });
});
