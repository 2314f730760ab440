// cachelab lesson [n] [--question k] [--answers | --no-answers] [--markdown | --facilitator]: the course in a terminal.
import { UsageError } from '../../src/config';
import { getLesson, lessonCommand, LESSONS, runLesson } from '../lessons/index';
import { lessonMarkdown } from '../lessons/lessonMarkdown';
import { facilitatorGuide, lessonSheet } from '../lessons/facilitatorSheet';
import type { Lesson } from '../lessons/types';
import { LESSON, parseIntIn, QUESTION } from '../input/numbers';
import { parseCli } from './cliArgs';
import type { CliCommand } from './cliCommand';
import { terminalPrompt, type Prompt } from './cliPrompt';
import { describeOtherRun } from '../lessons/otherRun';
import { proseWidth, wrapProse } from './wrapProse';

const LETTERS = 'ABCDEFGH';

interface LessonArgs {
  /** null: list the lessons. */
  lesson: Lesson | null;
  answers: boolean;
  noAnswers: boolean;
  markdown: boolean;
  facilitator: boolean;
  /** The question to start at, 0-based (`--question k` is from 1): the earlier ones are skipped. */
  from: number;
}

/** `cachelab lesson`'s arguments, checked without running the lesson. */
export function parseLessonArgs(argv: string[]): LessonArgs | 'help' {
  const { values, positionals } = parseCli(argv, { answers: { type: 'boolean' }, 'no-answers': { type: 'boolean' }, markdown: { type: 'boolean' }, facilitator: { type: 'boolean' }, question: { type: 'string' } }, 'lesson', 1);
  if (values.help) return 'help';
  const question = values.question === undefined ? null : parseIntIn(String(values.question), QUESTION, '--question');
  const flags = { answers: Boolean(values.answers), noAnswers: Boolean(values['no-answers']), markdown: Boolean(values.markdown), facilitator: Boolean(values.facilitator), from: question === null ? 0 : question - 1 };
  if (question !== null && (flags.markdown || flags.facilitator)) throw new UsageError('lesson --question starts the lesson at a question: not with --markdown or --facilitator, which print it whole');
  if (question !== null && positionals.length === 0) throw new UsageError('lesson --question needs a lesson: cachelab lesson <n> --question <k>');
  if (flags.facilitator && (flags.markdown || flags.noAnswers)) throw new UsageError('lesson --facilitator prints the answers: not with --markdown or --no-answers');
  if (positionals.length === 0) return { lesson: null, ...flags };
  // `lesson 0` said "an integer from 1 to 999" though there are a few lessons: a small number gets their list.
  const lesson = getLesson(/^\d{1,3}$/.test(positionals[0]) ? Number(positionals[0]) : parseIntIn(positionals[0], LESSON, 'lesson'));
  // --markdown prints the page whatever the other two say.
  if (!flags.markdown && flags.noAnswers && flags.answers) throw new UsageError('lesson takes --answers or --no-answers, not both');
  if (question !== null && question > lesson.questions.length) throw new UsageError(`lesson ${lesson.n} has ${lesson.questions.length} questions; --question ${question} is not one of them`);
  return { lesson, ...flags };
}

export const lessonCommandCli: CliCommand = {
  name: 'lesson',
  summary: 'a lesson of the course: its run, questions to answer before the reveal, and the answers',
  help: `Usage: cachelab lesson [n] [--question k] [--answers | --no-answers] [--markdown | --facilitator]

Without n, lists the lessons. With n, prints the lesson's run up to each question and asks it; on a
terminal it waits for your answer (one letter: anything else is told what to type), shows what
the run did, and waits for Enter before the next question; when its input or output is not a
terminal (piped into less), it says so and prints each answer after its question. Answers are
computed from the simulation. The words the lessons use are explained in
docs/lessons/glossary.md; each lesson ends with the command of the next one. On a terminal (a
projector) the prose breaks at spaces to its width, at most 100 columns, a quoted command kept
whole; piped or saved, each paragraph stays one line (for fmt or a printer).
  --question k   start at question k (the run up to it is printed, the questions before it
                 are not asked): to carry on after stopping, or to join a session late
  --answers      do not ask: print each answer after its question
  --no-answers   do not ask and do not answer: the run up to each question, the question and
                 the trace lines it needs, for predicting away from a terminal (answers: --answers)
  --markdown     print the lesson as the Markdown page of docs/lessons/
  --facilitator  the trainer's sheet in Markdown: each question with its answer, why, a link
                 that opens the tour at it (for a latecomer) and one to its step with the
                 verdicts; without n, every lesson and an agenda (docs/facilitator.md)

Lessons:
${LESSONS.map((l) => `  ${l.n}  ${l.title}`).join('\n')}
`,
  parse: parseLessonArgs,
  async run(argv, io) {
    const parsed = parseLessonArgs(argv);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { lesson, answers, noAnswers, from } = parsed;
    if (parsed.facilitator) {
      io.out(lesson === null ? facilitatorGuide() : lessonSheet(lesson));
      return 0;
    }
    if (lesson === null) {
      for (const l of LESSONS) io.out(`${l.n}. ${l.title}: ${l.goal}\n`);
      io.out('\nStart with: npx cachelab lesson 1\n');
      return 0;
    }
    const trace = runLesson(lesson);
    if (parsed.markdown) {
      io.out(lessonMarkdown(lesson, trace));
      return 0;
    }
    const interactive = !answers && !noAnswers && lessonTerminal.interactive();
    const fromFlag = from ? ` --question ${from + 1}` : '';
    const rl = interactive ? lessonTerminal.prompt() : null;
    // On a terminal (a projector) the prose breaks at spaces to its width; piped, it is as it was.
    const width = proseWidth(process.stdout);
    const say = (text: string, first = '', hang?: string) => io.out(`${wrapProse(text, width, first, hang)}\n`);
    say(`Lesson ${lesson.n}: ${lesson.title}`);
    say(lesson.goal, 'Goal: ', '');
    // A command stays on one line, to be copied whole.
    io.out(`Run: ${lessonCommand(lesson)}\n`);
    say(`${GLOSSARY_PATH} (preset, nominal schedule, LocMem, HX-Trigger, invariant...)`, 'Words: ', '');
    io.out('\n');
    say(lesson.setup);
    // Piped (`| less`) or run by an editor, there is no prompt: say so before the first answer shows.
    if (!interactive && !answers && !noAnswers) io.out(`\nNot a terminal, so no prompt: each answer follows its question. To predict first: npx cachelab lesson ${lesson.n}${fromFlag} --no-answers\n`);
    let shown = -1;
    let right = 0;
    // Where a stop leaves off: the command that carries on at question k (from 1), typed as the
    // learner started it (`npx`: a bare `cachelab` is not on a learner's PATH).
    const carryOn = (k: number) =>
      k === 1 ? `\nStopped. To start again: npx cachelab lesson ${lesson.n}\n` : `\nStopped. To carry on from here: npx cachelab lesson ${lesson.n} --question ${k} (from the start: npx cachelab lesson ${lesson.n})\n`;
    try {
      for (const [i, q] of lesson.questions.entries()) {
        if (i < from) continue;
        const cp = q.checkpoint(trace);
        io.out('\n');
        for (const e of trace.events.slice(shown + 1, cp + 1)) if (e.type !== 'sim.start') io.out(`${String(e.t).padStart(7)}  ${e.actor.padEnd(11)} ${e.label}\n`);
        shown = cp;
        io.out('\n');
        say(q.prompt, `Question ${i + 1}: `, '');
        // The lines above are the lesson's run; a question about another run says which, and its lines are that run's.
        if (q.about) say(`${describeOtherRun(q.about)}${q.excerpt ? '; its trace lines:' : ''}`, '  About another run: ', '    ');
        for (const line of q.excerpt?.(trace) ?? []) io.out(`  ${line}\n`);
        q.choices.forEach((c, j) => say(c, `  (${LETTERS[j]}) `));
        if (noAnswers) continue;
        const answer = q.answer(trace);
        if (rl) {
          let pick = -1;
          while (pick < 0) {
            const typed = await rl.question('Your answer: ');
            if (typed === null) {
              io.out(carryOn(i + 1));
              return 0;
            }
            const read = readChoice(typed, q.choices.length);
            if (typeof read === 'string') io.out(`${read}\n`);
            else pick = read;
          }
          if (pick === answer) right++;
          io.out(pick === answer ? 'Right.\n' : `Not quite: (${LETTERS[answer]}).\n`);
        } else say(`(${LETTERS[answer]}) ${q.choices[answer]}`, 'Answer: ', '');
        say(q.reveal(trace));
        // The next question's trace lines would scroll the reveal off a projector before it is talked over.
        if (rl && i + 1 < lesson.questions.length && (await rl.question(`(Enter: on to question ${i + 2}) `)) === null) {
          io.out(carryOn(i + 2));
          return 0;
        }
      }
    } finally {
      rl?.close();
    }
    if (noAnswers) {
      io.out(`\nAnswers: npx cachelab lesson ${lesson.n}${fromFlag} --answers\n`);
      say(lesson.exercise, 'Exercise: ', '');
      say(nextLine(lesson));
      return 0;
    }
    io.out('\n');
    for (const e of trace.events.slice(shown + 1)) if (e.type === 'calendar.render' || e.type.startsWith('user.') || e.type === 'sim.settle') io.out(`${String(e.t).padStart(7)}  ${e.actor.padEnd(11)} ${e.label}\n`);
    const asked = lesson.questions.length - from;
    // A latecomer (--question k) is told the questions they skipped and the command that asks them.
    const skipped = from === 1 ? 'question 1' : `questions 1 to ${from}`;
    if (rl) io.out(`\nYou answered ${right} of ${asked} right${from ? ` (from question ${from + 1}; ${skipped}, not asked here: npx cachelab lesson ${lesson.n})` : ''}.\n`);
    io.out('\n');
    say(lesson.takeaway, 'Takeaway: ', '');
    say(lesson.exercise, 'Exercise: ', '');
    say(nextLine(lesson));
    return 0;
  },
};

/**
 * A typed answer: the index of its letter, or what to say. Only one letter is an answer: "hello"
 * was re-asked without a word, and "b is right" (or "both") was taken for (B).
 */
export function readChoice(typed: string, choices: number): number | string {
  const t = typed.trim().toUpperCase();
  const i = t.length === 1 ? LETTERS.indexOf(t) : -1;
  if (i >= 0 && i < choices) return i;
  return `Type one letter, A to ${LETTERS[choices - 1]} (Ctrl-C stops).`;
}

/** The terminal a lesson asks at (tests stand in for it). */
export const lessonTerminal = {
  interactive: (): boolean => Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY),
  prompt: (): Prompt => terminalPrompt(process.stdin, process.stdout),
};

/** Where the course's words are explained (the terminal has no link to follow). */
const GLOSSARY_PATH = 'docs/lessons/glossary.md';

/** The lesson after this one, as a command to type; after the last, the pages that follow the course. */
function nextLine(lesson: Lesson): string {
  const next = LESSONS[LESSONS.indexOf(lesson) + 1];
  return next ? `Next: npx cachelab lesson ${next.n} (${next.title})` : 'That was the last lesson. Next: docs/recommendation.md, docs/seed-vs-reality.md, docs/findings.md';
}
