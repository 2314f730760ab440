// A link that opens the visualizer on a lesson's run at a given step, with the guided tour on.
import type { Lesson, OtherRun } from './types';

export const VIZ_ORIGIN = 'http://localhost:5173/';

/**
 * `seq` counts from 0; the link's `at` counts from 1, as the page's "step N" does. With `question`
 * (from 1) the tour opens at that question rather than at the learner's first unanswered one.
 */
export function vizLink(lesson: Lesson, seq: number, question?: number): string {
  const p = new URLSearchParams();
  p.set('scenario', lesson.run.scenario);
  p.set('preset', lesson.run.preset);
  for (const o of lesson.run.overrides) p.append('set', o);
  if (lesson.run.seed !== null) p.set('seed', String(lesson.run.seed));
  p.set('at', String(seq + 1));
  p.set('lesson', String(lesson.n));
  if (question !== undefined) p.set('question', String(question));
  return `${VIZ_ORIGIN}?${p.toString()}`;
}

/**
 * A link that opens one scenario of a question's other run, no tour, on the schedule its reveal
 * speaks of (a seed, or recorded choices), so the race the answer describes is the one drawn.
 */
export function otherRunLink(about: OtherRun, scenario: string): string {
  const p = new URLSearchParams();
  p.set('scenario', scenario);
  p.set('preset', about.preset);
  for (const o of about.overrides) p.append('set', o);
  const s = about.schedule;
  if (s && 'seed' in s) p.set('seed', String(s.seed));
  if (s && 'choices' in s) p.set('choices', s.choices().join(','));
  return `${VIZ_ORIGIN}?${p.toString()}`;
}
