// A lesson as a Markdown page of docs/lessons/: the questions come before the reveal, and every
// answer in the reveal is computed from the run when the page is generated.
import type { Trace } from '../trace';
import { lessonCommand, runLesson } from './index';
import type { Lesson } from './types';
import { vizLink } from './vizLink';

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
    lines.push(`${i + 1}. *(at step ${cp.seq + 1}, ${cp.t} ms: ${cp.label})* ${q.prompt}`);
    const excerpt = q.excerpt?.(trace);
    if (excerpt?.length) lines.push('', '   ```text', ...excerpt.map((l) => `   ${l}`), '   ```', '');
    q.choices.forEach((c, j) => lines.push(`   - (${LETTERS[j]}) ${c}`));
  });
  lines.push('', '## Reveal', '', '<details><summary>Answers, computed from the run</summary>', '');
  lesson.questions.forEach((q, i) => {
    const a = q.answer(trace);
    lines.push(`${i + 1}. **(${LETTERS[a]}) ${q.choices[a]}.** ${q.reveal(trace)}`);
  });
  lines.push('', '</details>', '', '## Takeaway', '', lesson.takeaway, '', '## Exercise', '', lesson.exercise, '');
  return lines.join('\n');
}
