// A question about another run than the lesson's (another scenario, preset or --set) says so in
// its `about`, which the tour shows above it: the page behind still shows the lesson's own run, and
// a learner asked about two workers while three are drawn should be told which run is meant.
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../src/config';
import { LESSONS } from '../../sim/lessons/index';
import { SCENARIO_NAMES } from '../../sim/scenarios/index';

const questions = LESSONS.flatMap((lesson) => lesson.questions.map((q, i) => ({ where: `lesson ${lesson.n} question ${i + 1} (${q.id})`, lesson, q })));
const word = (w: string) => new RegExp(`(^|[^\\w-])${w.replace(/[-.]/g, '\\$&')}($|[^\\w-])`);

/** What in a prompt shows it is about another run: a scenario or preset not the lesson's, a --set. */
function otherRunWords(lesson: (typeof LESSONS)[number], prompt: string): string[] {
  const scenarios = SCENARIO_NAMES.filter((s) => s !== lesson.run.scenario && word(s).test(prompt));
  const presets = PRESET_NAMES.filter((p) => p !== lesson.run.preset && prompt.includes(`\`${p}\``));
  return [...scenarios, ...presets.map((p) => `\`${p}\``), ...(prompt.includes('--set') ? ['--set'] : [])];
}

describe('a lesson question about another run', () => {
  it('is found in the course (the guard below has something to guard)', () => {
    expect(questions.filter(({ lesson, q }) => otherRunWords(lesson, q.prompt).length).length).toBeGreaterThan(10);
  });

  it.each(questions)('$where: names it in `about` when its prompt is about another run', ({ where, lesson, q }) => {
    const words = otherRunWords(lesson, q.prompt);
    if (words.length) expect(q.about, `${where} names ${words.join(', ')} but has no about`).toBeDefined();
  });

  it.each(questions.filter(({ q }) => q.about))('$where: its `about` is a real run, not the lesson\'s own', ({ where, lesson, q }) => {
    const a = q.about!;
    for (const s of a.scenarios) expect(SCENARIO_NAMES, where).toContain(s);
    expect(PRESET_NAMES, where).toContain(a.preset);
    const same = a.scenarios.length === 1 && a.scenarios[0] === lesson.run.scenario && a.preset === lesson.run.preset && a.overrides.join(' ') === lesson.run.overrides.join(' ');
    expect(same, `${where}: about is the lesson's own run`).toBe(false);
  });
});
