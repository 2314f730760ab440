// The trainer's sheet: docs/facilitator.md is what the lessons and their runs say (regenerate after
// a lesson or model change: UPDATE_DOCS=1 npx vitest run test/sim/facilitatorSheet.test.ts), each
// question marks the computed answer and no other, and the terminal prints the same sheet.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { facilitatorGuide, lessonSheet, lessonSize, MIN_PER_QUESTION } from '../../sim/lessons/facilitatorSheet';
import { LESSONS, runLesson } from '../../sim/lessons/index';
import { otherRunLink } from '../../sim/lessons/vizLink';
import { cachelab } from './cliHarness';

const FILE = 'docs/facilitator.md';
const LETTERS = 'ABCDEFGH';

describe('facilitator sheet', () => {
  it(`${FILE} is what the lessons and their runs say`, () => {
    const md = facilitatorGuide();
    if (process.env.UPDATE_DOCS) writeFileSync(FILE, md);
    expect(existsSync(FILE), `${FILE} missing: UPDATE_DOCS=1 npx vitest run test/sim/facilitatorSheet.test.ts`).toBe(true);
    expect(readFileSync(FILE, 'utf8'), `${FILE} is stale: UPDATE_DOCS=1 npx vitest run test/sim/facilitatorSheet.test.ts`).toBe(md);
  });

  it.each(LESSONS)("lesson $n: each question marks the run's answer, says why, and links its step without the tour", (lesson) => {
    const trace = runLesson(lesson);
    const sheet = lessonSheet(lesson, trace);
    const blocks = sheet.split(/^### /m).slice(1);
    expect(blocks).toHaveLength(lesson.questions.length);
    lesson.questions.forEach((q, i) => {
      const b = blocks[i];
      const a = q.answer(trace);
      const marked = [...b.matchAll(/^- \*\*\(([A-H])\) .* ← answer\*\*$/gm)].map((m) => m[1]);
      expect(marked, `${lesson.n}.${i + 1}`).toEqual([LETTERS[a]]);
      expect(b).toContain(`**Why.** ${q.reveal(trace)}`);
      const link = new URL(b.match(/\[this step with its verdicts\]\(([^)]+)\)/)![1]);
      // Without `lesson`, the page opens the run at the step with its verdicts, not the tour's question.
      expect(link.searchParams.get('lesson')).toBeNull();
      // `at` counts as the page and the sheet's heading do ("step 48"); the checkpoint is a 0-based seq.
      expect(link.searchParams.get('at')).toBe(String(q.checkpoint(trace) + 1));
      expect(b).toMatch(new RegExp(`· step ${link.searchParams.get('at')}, `));
      expect(link.searchParams.get('scenario')).toBe(lesson.run.scenario);
    });
    const size = lessonSize(lesson, trace);
    expect(size.questions).toBe(lesson.questions.length);
    expect(size.minutes).toBeGreaterThanOrEqual(size.questions * MIN_PER_QUESTION);
  });

  // The projector's links draw their run whole, past the step (seen in the built app: lesson 1's step 48
  // shows the reload served from Django's cache, 1.2's answer). A later question on that run is spoiled.
  it.each(LESSONS)('lesson $n: a projector link whose run holds a later question\'s answer says to take it down before that question', (lesson) => {
    const trace = runLesson(lesson);
    const blocks = lessonSheet(lesson, trace).split(/^### /m).slice(1);
    lesson.questions.forEach((_, i) => {
      // Every later question about the lesson's own run is on "this step with its verdicts".
      const ownLater = lesson.questions.map((q, j) => (j > i && !q.about ? `${lesson.n}.${j + 1}` : null)).filter((x) => x !== null);
      const said = blocks[i].match(/the answers? to (.*) (?:is|are) on it too, so take it down before asking (\S+)\.$/m);
      if (!ownLater.length && !said) return;
      expect(said, `${lesson.n}.${i + 1}`).not.toBeNull();
      const named = said![1].split(/, | and /);
      for (const q of ownLater) expect(named, `${lesson.n}.${i + 1}`).toContain(q);
      expect(said![2]).toBe(named[0]);
    });
    expect(blocks[blocks.length - 1]).not.toContain('take it down');
    if (lesson.n === 1) expect(blocks[0]).toContain('the answer to 1.2 is on it too, so take it down before asking 1.2.');
  });

  it.each(LESSONS.filter((l) => l.questions.some((q) => q.about)))('lesson $n: after the reveal of a question about another run, the projector shows that run first; the lesson\'s own step is named as not what it asks', (lesson) => {
    const trace = runLesson(lesson);
    const blocks = lessonSheet(lesson, trace).split(/^### /m).slice(1);
    lesson.questions.forEach((q, i) => {
      if (!q.about) return;
      const line = blocks[i].split('\n').find((l) => l.startsWith('After the reveal, on the projector: '))!;
      // Lesson 9's robust run holds at its step, while 9.5's answer is a window of staleness: the
      // first link the trainer sees must be the run the reveal speaks of.
      const first = line.match(/\]\(([^)]+)\)/)![1];
      expect(first, `${lesson.n}.${i + 1}`).toBe(otherRunLink(q.about, q.about.scenarios[0]));
      expect(line).toContain("the lesson's own run, which the question does not ask about: [this step with its verdicts]");
    });
  });

  it('cachelab lesson N --facilitator prints the lesson\'s sheet, without N the whole guide; not with --no-answers', async () => {
    const one = await cachelab('lesson', '1', '--facilitator');
    expect(one.code).toBe(0);
    expect(one.out).toBe(lessonSheet(LESSONS[0]));
    const all = await cachelab('lesson', '--facilitator');
    expect(all.code).toBe(0);
    expect(all.out).toBe(facilitatorGuide());
    expect((await cachelab('lesson', '1', '--facilitator', '--no-answers')).code).toBe(2);
    expect((await cachelab('lesson', '--help')).out).toContain('--facilitator');
  }, 120_000);
});
