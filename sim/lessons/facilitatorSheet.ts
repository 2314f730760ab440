// The trainer's sheet (docs/facilitator.md, `cachelab lesson [n] --facilitator`): an agenda with each
// lesson's size, then per lesson each question with its answer, why, and a link to show its step
// with the verdicts once the room has answered. Read on the trainer's own screen, never the
// learners'. Every figure is counted from the lessons and their runs; the minutes are an estimate
// from those counts at the rates named on the page, not a measurement.
import type { Trace } from '../trace';
import { lessonCommand, LESSONS, runLesson } from './index';
import { describeOtherRun } from './otherRun';
import { PLAY_STEPS_PER_S } from './tourPace';
import type { Lesson } from './types';
import { otherRunLink, vizLink } from './vizLink';

const LETTERS = 'ABCDEFGH';
/** Planning rates, stated on the page: reading speed, and a question's predict-then-discuss time. */
export const WORDS_PER_MIN = 200;
export const MIN_PER_QUESTION = 2;

export interface LessonSize {
  questions: number;
  aboutOtherRun: number;
  /** Steps the tour plays on from the first question to the end of the run. */
  stepsPlayed: number;
  /** Words read before answering (goal, setup, prompts, choices, trace lines) and after (reveals, takeaway, exercise). */
  wordsBefore: number;
  wordsAfter: number;
  minutes: number;
}

const words = (...texts: string[]) => texts.join(' ').split(/\s+/).filter(Boolean).length;

export function lessonSize(lesson: Lesson, trace: Trace = runLesson(lesson)): LessonSize {
  const qs = lesson.questions;
  const first = qs[0].checkpoint(trace);
  const stepsPlayed = Math.max(0, trace.events.length - 1 - first);
  const wordsBefore = words(lesson.goal, lesson.setup, ...qs.flatMap((q) => [q.prompt, ...q.choices, ...(q.excerpt?.(trace) ?? [])]));
  const wordsAfter = words(...qs.map((q) => q.reveal(trace)), lesson.takeaway, lesson.exercise);
  const minutes = Math.ceil((wordsBefore + wordsAfter) / WORDS_PER_MIN + qs.length * MIN_PER_QUESTION + stepsPlayed / PLAY_STEPS_PER_S / 60);
  return { questions: qs.length, aboutOtherRun: qs.filter((q) => q.about).length, stepsPlayed, wordsBefore, wordsAfter, minutes };
}

/** The run at a step with its verdicts, no tour: to show on the projector once the room has answered. */
export function discussLink(lesson: Lesson, seq: number): string {
  const u = new URL(vizLink(lesson, seq));
  u.searchParams.delete('lesson');
  return u.toString();
}

/** Every run a question's links open, by address without the step: the lesson's own, or those it is about. */
function runsOf(lesson: Lesson, trace: Trace, i: number): string[] {
  const q = lesson.questions[i];
  const own = new URL(discussLink(lesson, q.checkpoint(trace)));
  own.searchParams.delete('at');
  return q.about ? q.about.scenarios.map((s) => otherRunLink(q.about!, s)) : [own.toString()];
}

/**
 * The links of question i draw their runs whole, past the step: a later question answered from one
 * of those runs has its answer on the projector too. Says which, so the trainer takes it down first.
 */
export function laterQuestionsShown(lesson: Lesson, trace: Trace, i: number): number[] {
  const own = new URL(discussLink(lesson, lesson.questions[i].checkpoint(trace)));
  own.searchParams.delete('at');
  const shown = new Set([own.toString(), ...runsOf(lesson, trace, i)]);
  const later: number[] = [];
  for (let j = i + 1; j < lesson.questions.length; j++) if (runsOf(lesson, trace, j).some((r) => shown.has(r))) later.push(j);
  return later;
}

function laterAnswersShown(lesson: Lesson, trace: Trace, i: number): string {
  const later = laterQuestionsShown(lesson, trace, i).map((j) => `${lesson.n}.${j + 1}`);
  if (!later.length) return '';
  const list = later.length === 1 ? later[0] : `${later.slice(0, -1).join(', ')} and ${later[later.length - 1]}`;
  return ` The run is drawn whole, past this step: the answer${later.length > 1 ? 's' : ''} to ${list} ${later.length > 1 ? 'are' : 'is'} on it too, so take it down before asking ${later[0]}.`;
}

export function lessonSheet(lesson: Lesson, trace: Trace = runLesson(lesson), size: LessonSize = lessonSize(lesson, trace)): string {
  const first = lesson.questions[0].checkpoint(trace);
  const lines = [
    `## Lesson ${lesson.n}: ${lesson.title}`,
    '',
    `${size.questions} questions${size.aboutOtherRun ? ` (${size.aboutOtherRun} about another run)` : ''} · ${trace.events.length} steps in the run · about ${size.minutes} min. Learners: [the guided tour](${vizLink(lesson, first)}) or \`npx cachelab lesson ${lesson.n}\` (\`${lessonCommand(lesson)}\`).`,
    '',
    `**Goal.** ${lesson.goal}`,
  ];
  lesson.questions.forEach((q, i) => {
    const cp = trace.events[q.checkpoint(trace)];
    const a = q.answer(trace);
    lines.push('', `### ${lesson.n}.${i + 1} · step ${cp.seq + 1}, ${cp.t} ms: ${cp.label}`, '', q.prompt, '');
    lines.push(`Learners who join here: [the tour at this question](${vizLink(lesson, cp.seq, i + 1)}) or \`npx cachelab lesson ${lesson.n} --question ${i + 1}\`.`, '');
    if (q.about) lines.push(`*About another run: ${describeOtherRun(q.about)}.*`, '');
    q.choices.forEach((c, j) => lines.push(j === a ? `- **(${LETTERS[j]}) ${c} ← answer**` : `- (${LETTERS[j]}) ${c}`));
    const step = `[this step with its verdicts](${discussLink(lesson, cp.seq)})`;
    // A question about another run is answered by that run: it comes first. The lesson's own run at
    // the step (lesson 9's robust run holds) is not what the reveal speaks of, and says so.
    const projector = q.about
      ? `the run${q.about.scenarios.length > 1 ? 's' : ''} it is about, ${q.about.scenarios.map((s) => `[${s}](${otherRunLink(q.about!, s)})`).join(', ')}; the lesson's own run, which the question does not ask about: ${step}`
      : step;
    lines.push('', `**Why.** ${q.reveal(trace)}`, '', `After the reveal, on the projector: ${projector}.${laterAnswersShown(lesson, trace, i)}`);
  });
  lines.push('', `**Takeaway.** ${lesson.takeaway}`, '', `**Exercise.** ${lesson.exercise}`, '');
  return lines.join('\n');
}

export function facilitatorGuide(): string {
  const runs = LESSONS.map((lesson) => {
    const trace = runLesson(lesson);
    return { lesson, trace, size: lessonSize(lesson, trace) };
  });
  const total = (f: (s: LessonSize) => number) => runs.reduce((n, r) => n + f(r.size), 0);
  const lines = [
    '# Facilitator sheet: the course with its answers',
    '',
    '<!-- Generated by `npx cachelab lesson --facilitator`: do not edit (test/sim/facilitatorSheet.test.ts). -->',
    '',
    "For the trainer's own screen: every answer is here. Learners use the [lessons](lessons/README.md) (guided tour or terminal). One lesson's sheet in a terminal: `npx cachelab lesson N --facilitator`.",
    '',
    '## Agenda',
    '',
    `Counted from the lessons and their runs. Minutes are a planning estimate, not a measurement: the words at ${WORDS_PER_MIN} a minute, ${MIN_PER_QUESTION} minutes per question to predict and talk it over, and the steps the tour plays on at ${PLAY_STEPS_PER_S} a second.`,
    '',
    '| lesson | questions | about another run | steps played | words before answering | words in the answers | about (min) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...runs.map(({ lesson, size: s }) => `| ${lesson.n}. ${lesson.title} | ${s.questions} | ${s.aboutOtherRun} | ${s.stepsPlayed} | ${s.wordsBefore} | ${s.wordsAfter} | ${s.minutes} |`),
    `| all | ${total((s) => s.questions)} | ${total((s) => s.aboutOtherRun)} | ${total((s) => s.stepsPlayed)} | ${total((s) => s.wordsBefore)} | ${total((s) => s.wordsAfter)} | ${total((s) => s.minutes)} |`,
    '',
    '## Running the session',
    '',
    "- Each lesson's tour link opens its run at the learner's first unanswered question; a learner who closed the tab opens the same link again and carries on there (progress is in the browser's localStorage).",
    "- Each question below has its own link, \"the tour at this question\": a learner who joins late, or the room after a break, opens the question the session is at, whatever they answered before. It opens that question once; the tour then goes on from there, and a reload goes by the learner's own progress. At the end of the run it counts only the questions they answered and offers the first they skipped.",
    '- While a question waits, the page shows no verdict and the run cannot be moved past the question\'s step; the "this step with its verdicts" links below open the run without the tour, for after the reveal. They draw the whole run, past the step: where a later question\'s answer is on it, the sheet says so, to take it down before asking that one.',
    '- A shared machine: Lessons → "Reset progress" clears every lesson\'s answers; a finished lesson\'s tour has "Start this lesson again".',
    '- In a terminal, `npx cachelab lesson N` asks each question (one letter), shows the reveal and waits for Enter before the next; on a projector the prose fits the window. `--no-answers` prints a handout to predict on, `--answers` the same with the answers. A learner who stops is told the `--question K` that carries on where they were.',
    '',
    ...runs.map(({ lesson, trace, size }) => lessonSheet(lesson, trace, size)),
  ];
  return lines.join('\n');
}
