// Every lesson runs, every answer is computed from a run, and docs/lessons/ says what the runs say.
// After an intended model change: UPDATE_DOCS=1 npx vitest run test/sim/lessons.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonCommand, runLesson } from '../../sim/lessons/index';
import { lessonFileName, lessonMarkdown } from '../../sim/lessons/lessonMarkdown';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { cachelab } from './cliHarness';

describe.each(LESSONS)('lesson $n: $title', (lesson) => {
  const trace = runLesson(lesson);

  it('has questions at increasing checkpoints, each with a valid computed answer and a reveal', () => {
    let last = -1;
    expect(lesson.questions.length).toBeGreaterThanOrEqual(2);
    for (const q of lesson.questions) {
      const cp = q.checkpoint(trace);
      expect(cp).toBeGreaterThanOrEqual(last);
      last = cp;
      const a = q.answer(trace);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThan(q.choices.length);
      expect(q.reveal(trace).length).toBeGreaterThan(10);
    }
  });

  it('its docs page is what the run says', () => {
    const file = `docs/lessons/${lessonFileName(lesson)}`;
    const md = lessonMarkdown(lesson, trace);
    if (process.env.UPDATE_DOCS) writeFileSync(file, md);
    expect(existsSync(file), `${file} missing: UPDATE_DOCS=1 npx vitest run test/sim/lessons.test.ts`).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(md);
  });

  it('its commands run', async () => {
    const r = await cachelab('lesson', String(lesson.n), '--answers');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Lesson ${lesson.n}: ${lesson.title}`);
    const argv = lessonCommand(lesson).replace(/^npx cachelab /, '').split(' ');
    const run = await cachelab(...argv);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Outcome:');
  });
});

describe('answers follow the model', () => {
  it('lesson 1 "after F5" flips when the run uses the seed\'s fixes', () => {
    const q = LESSONS[0].questions[0];
    const broken = runScenario(getScenario('seed-broken'), { preset: 'broken' });
    const fixed = runScenario(getScenario('seed-broken'), { preset: 'seed-fix' });
    expect(q.choices[q.answer(broken)]).toMatch(/comes back/);
    expect(q.choices[q.answer(fixed)]).toMatch(/stays gone/);
  });
});

describe('lesson 7 follows the model too', () => {
  it('"will it come back?" is Yes under the seed\'s fixes and No under robust', () => {
    const q = LESSONS[6].questions[0];
    expect(q.choices[q.answer(runScenario(getScenario('multi-worker'), { preset: 'seed-fix' }))]).toBe('Yes');
    expect(q.choices[q.answer(runScenario(getScenario('multi-worker'), { preset: 'robust' }))]).toBe('No');
  });
});

describe('honest predicting', () => {
  it('no goal, setup or prompt states the right answer in the words of its choice (unless it names every choice)', () => {
    const leaks: string[] = [];
    for (const lesson of LESSONS) {
      const trace = runLesson(lesson);
      for (const q of lesson.questions) {
        const right = q.choices[q.answer(trace)].toLowerCase();
        const wrong = q.choices.filter((c) => c.toLowerCase() !== right).map((c) => c.toLowerCase());
        if (right.length < 12) continue;
        // Naming every choice (a list of the invariants, of the scenarios) is not giving one away.
        for (const [where, text] of [['goal', lesson.goal], ['setup', lesson.setup], ['prompt', q.prompt]] as const)
          if (text.toLowerCase().includes(right) && !wrong.some((w) => text.toLowerCase().includes(w))) leaks.push(`lesson ${lesson.n} ${q.id}: its ${where} says "${right}"`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('cachelab lesson N --no-answers prints every question and its trace excerpt, and no answer', async () => {
    for (const lesson of LESSONS) {
      const r = await cachelab('lesson', String(lesson.n), '--no-answers');
      expect(r.code).toBe(0);
      const trace = runLesson(lesson);
      for (const [i, q] of lesson.questions.entries()) {
        expect(r.out).toContain(`Question ${i + 1}: ${q.prompt}`);
        for (const line of q.excerpt?.(trace) ?? []) expect(r.out).toContain(line);
        expect(r.out).not.toContain(q.reveal(trace));
      }
      expect(r.out).not.toMatch(/^Answer: /m);
      expect(r.out).not.toContain(lesson.takeaway);
    }
    expect((await cachelab('lesson', '1', '--answers', '--no-answers')).code).toBe(2);
  }, 120_000);

  it('the page carries each question\'s excerpt before the reveal', () => {
    for (const lesson of LESSONS) {
      const trace = runLesson(lesson);
      const md = lessonMarkdown(lesson, trace);
      const predict = md.slice(0, md.indexOf('## Reveal'));
      for (const q of lesson.questions) for (const line of q.excerpt?.(trace) ?? []) expect(predict).toContain(line);
    }
  });
});
