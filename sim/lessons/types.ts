// A lesson of the course: a run, and questions asked at checkpoints of that run before the learner
// sees what happens next. Every answer is computed from the simulation, never typed in, so a change
// to the model that changes an answer changes the lesson (and the lesson tests notice).
import type { Trace } from '../trace';

export interface LessonRun {
  scenario: string;
  preset: string;
  overrides: string[];
  /** null: the nominal schedule. */
  seed: number | null;
}

/**
 * The run a question is about when it is not the lesson's own (another scenario, preset or --set):
 * the tour says so above the question, since the page behind it still shows the lesson's run.
 */
export interface OtherRun {
  scenarios: string[];
  preset: string;
  overrides: string[];
  /**
   * The schedule the reveal speaks of, when it is not the nominal one (one scenario only): a random
   * seed, or recorded choices (a function: some are found by a search, made when asked for). The
   * tour's "see it for yourself" link opens that schedule.
   */
  schedule?: { seed: number } | { choices: () => number[] };
}

export interface Question {
  id: string;
  /** seq of the event where the run pauses to ask (the learner has seen everything up to it). */
  checkpoint(trace: Trace): number;
  prompt: string;
  choices: string[];
  /** Index of the right choice, computed from the run (or from another run the question names). */
  answer(trace: Trace): number;
  /** Why, in plain words, with figures from the run. */
  reveal(trace: Trace): string;
  /**
   * The trace lines the question needs, when the lines before its checkpoint are not enough (or
   * it is about another run): printed with the question, so it can be answered from the page.
   */
  excerpt?(trace: Trace): string[];
  about?: OtherRun;
}

export interface Lesson {
  n: number;
  slug: string;
  title: string;
  goal: string;
  run: LessonRun;
  /** What the learner is looking at, before any question. */
  setup: string;
  questions: Question[];
  /** The point of the lesson, once everything is revealed. */
  takeaway: string;
  exercise: string;
}
