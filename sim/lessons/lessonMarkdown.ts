// A lesson as a Markdown page of docs/lessons/: the questions come before the reveal, and every
// answer in the reveal is computed from the run when the page is generated.
import type { Trace } from '../trace';
import { lessonCommand, LESSONS, runLesson } from './index';
import type { Lesson } from './types';
import { otherRunLink, vizLink } from './vizLink';
import { describeOtherRun } from './otherRun';

const LETTERS = 'ABCDEFGH';

export function lessonFileName(lesson: Lesson): string {
  return `${String(lesson.n).padStart(2, '0')}-${lesson.slug}.md`;
}

export function lessonMarkdown(lesson: Lesson, trace: Trace = runLesson(lesson)): string {
  const first = lesson.questions[0].checkpoint(trace);
  const lines = [
    `# Lesson ${lesson.n}: ${lesson.title}`,
    '',
    `**Goal.** ${lesson.goal}`,
    '',
    `**Run it.** [Open the guided tour in the visualizer](${vizLink(lesson, first)}) (\`npm start\` first), or in a terminal:`,
    '',
    '```sh',
    `npx cachelab lesson ${lesson.n}`,
    lessonCommand(lesson),
    '```',
    '',
    `Scenario \`${lesson.run.scenario}\`, config \`${lesson.run.preset}\`${lesson.run.overrides.length ? ` with ${lesson.run.overrides.map((o) => `\`${o}\``).join(', ')}` : ''}, ${lesson.run.seed === null ? 'nominal schedule' : `seed ${lesson.run.seed}`}.`,
    '',
    GLOSSARY_LINE,
    '',
    '## What you are looking at',
    '',
    lesson.setup,
    '',
    '## Predict first',
    '',
    'Write down your answers before you open the reveal.',
    '',
  ];
  lesson.questions.forEach((q, i) => {
    const cp = trace.events[q.checkpoint(trace)];
    // A question about another run says which: the step is the lesson's run's, where it is asked.
    const about = q.about ? `; about another run: ${describeOtherRun(q.about)}` : '';
    lines.push(`${i + 1}. *(at step ${cp.seq + 1}, ${cp.t} ms: ${cp.label}${about})* ${q.prompt}`);
    const excerpt = q.excerpt?.(trace);
    if (excerpt?.length) lines.push('', '   ```text', ...excerpt.map((l) => `   ${l}`), '   ```', '');
    q.choices.forEach((c, j) => lines.push(`   - (${LETTERS[j]}) ${c}`));
  });
  lines.push('', '## Reveal', '', '<details><summary>Answers, computed from the run</summary>', '');
  lesson.questions.forEach((q, i) => {
    const a = q.answer(trace);
    // Another run: links that draw it in the visualizer, as the tour's reveal offers.
    const see = q.about ? ` See it in the visualizer: ${q.about.scenarios.map((s) => `[${s}](${otherRunLink(q.about!, s)})`).join(', ')}.` : '';
    lines.push(`${i + 1}. **(${LETTERS[a]}) ${q.choices[a]}.** ${q.reveal(trace)}${see}`);
  });
  lines.push('', '</details>', '', '## Takeaway', '', lesson.takeaway, '', '## Exercise', '', lesson.exercise, '', '---', '', lessonNavLine(lesson), '');
  return lines.join('\n');
}

/** A word the lesson uses before explaining it (preset, nominal schedule, LocMem...) is in the glossary. */
export const GLOSSARY_LINE = 'A word you do not know (preset, nominal schedule, LocMem, HX-Trigger, invariant...)? The [glossary](glossary.md) has it.';

/** Previous and next lesson, the course index and the glossary: a page read on its own leads on. */
export function lessonNavLine(lesson: Lesson): string {
  const i = LESSONS.indexOf(lesson);
  const link = (l: Lesson) => `[Lesson ${l.n}: ${l.title}](${lessonFileName(l)})`;
  const parts = [i > 0 ? `Previous: ${link(LESSONS[i - 1])}` : null, i + 1 < LESSONS.length ? `Next: ${link(LESSONS[i + 1])}` : 'After the course: [the recommended fix](../recommendation.md)', '[All lessons](README.md)', '[Glossary](glossary.md)'];
  return parts.filter((p) => p !== null).join(' · ');
}
