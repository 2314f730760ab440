// A newcomer reads one lesson at a time: each page and each terminal lesson says where the course's
// words are explained (the glossary) and which lesson comes next, and every link it gives exists.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../sim/lessons/index';
import { lessonFileName } from '../../sim/lessons/lessonMarkdown';
import { cachelab } from './cliHarness';

const DOCS = 'docs/lessons';
const glossary = readFileSync(join(DOCS, 'glossary.md'), 'utf8');

/** The relative Markdown links of a page, resolved against its folder. */
function localLinks(file: string): string[] {
  const md = readFileSync(file, 'utf8');
  return [...md.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l)).map((l) => join(dirname(file), l));
}

describe.each(LESSONS)('lesson $n: where to go from it', (lesson) => {
  const file = join(DOCS, lessonFileName(lesson));
  const md = readFileSync(file, 'utf8');
  const i = LESSONS.indexOf(lesson);
  const next = LESSONS[i + 1];
  const prev = LESSONS[i - 1];

  it('its page links the glossary before its first question, and the lessons before and after it', () => {
    const glossaryAt = md.indexOf('](glossary.md)');
    expect(glossaryAt, `${file} does not link the glossary`).toBeGreaterThan(-1);
    expect(glossaryAt).toBeLessThan(md.indexOf('## Predict first'));
    if (next) expect(md).toContain(`](${lessonFileName(next)})`);
    if (prev) expect(md).toContain(`](${lessonFileName(prev)})`);
    expect(md).toContain('](README.md)');
    for (const target of localLinks(file)) expect(existsSync(target), `${file} links ${target}, which does not exist`).toBe(true);
  });

  it('in a terminal, it names the glossary at the start and the next lesson at the end', async () => {
    for (const flag of ['--answers', '--no-answers']) {
      const r = await cachelab('lesson', String(lesson.n), flag);
      expect(r.code).toBe(0);
      const words = r.out.split('\n').find((l) => l.startsWith('Words: '));
      expect(words, `lesson ${lesson.n} ${flag}: no Words: line`).toBeDefined();
      expect(r.out.indexOf(words!)).toBeLessThan(r.out.indexOf('Question 1:'));
      const path = words!.slice('Words: '.length).split(' ')[0];
      expect(existsSync(path), `${path} does not exist`).toBe(true);
      const last = r.out.trimEnd().split('\n').at(-1)!;
      if (next) expect(last).toBe(`Next: npx cachelab lesson ${next.n} (${next.title})`);
      else for (const doc of last.match(/docs\/[\w-]+\.md/g) ?? ['(none)']) expect(existsSync(doc), `${doc} does not exist`).toBe(true);
    }
  });
});

describe('the words the lessons point to the glossary for', () => {
  it('are each a glossary entry', async () => {
    const r = await cachelab('lesson', '1', '--no-answers');
    const named = /\((.*)\.\.\.\)/.exec(r.out.split('\n').find((l) => l.startsWith('Words: '))!)![1].split(', ');
    const page = readFileSync(join(DOCS, lessonFileName(LESSONS[0])), 'utf8');
    const onPage = /\(([^)]*)\.\.\.\)\? The \[glossary\]/.exec(page)![1].split(', ');
    for (const w of [...named, ...onPage]) expect(glossary, `"${w}" is not in the glossary`).toContain(`- **${w}**`);
  });
});

describe('cachelab lesson N with no terminal (piped into less)', () => {
  it('says, before the first question, that each answer follows its question and how to predict first', async () => {
    const r = await cachelab('lesson', '2');
    const note = r.out.indexOf('Not a terminal, so no prompt: each answer follows its question. To predict first: npx cachelab lesson 2 --no-answers');
    expect(note).toBeGreaterThan(-1);
    expect(note).toBeLessThan(r.out.indexOf('Question 1:'));
    for (const flag of ['--answers', '--no-answers']) expect((await cachelab('lesson', '2', flag)).out).not.toContain('Not a terminal');
  });
});

// The tour's Glossary button is one click away while a question waits, so an entry defines its word
// and leaves the question's verdict to the reveal. A "how long is it stale?" question names a
// mechanism (on_commit, a worker...); that word's entry must not state how long it leaves a reader stale.
describe('the glossary, opened while a question waits', () => {
  const entries = [...glossary.matchAll(/^- \*\*(.+?)\*\*: (.*)$/gm)].map((m) => ({ word: m[1].replace(/`/g, ''), text: m[2] }));
  const DURATION_WORDS = /\bwindow\b|\bTTL\b|end of the run|persist/i;
  const durationQuestions = LESSONS.flatMap((l) => l.questions.map((q, i) => ({ where: `lesson ${l.n} question ${i + 1}`, q }))).filter(({ q }) => q.choices.some((c) => c.startsWith('Stale for a window')));

  it('finds the staleness questions it guards', () => {
    expect(durationQuestions.length).toBeGreaterThan(2);
  });

  it.each(durationQuestions)('$where: no entry for a word its prompt names tells how long that leaves a reader stale', ({ where, q }) => {
    for (const e of entries.filter((x) => q.prompt.includes(x.word))) {
      expect(e.text, `${where} asks about ${e.word}; its glossary entry gives the answer away`).not.toMatch(DURATION_WORDS);
    }
  });
});
