// `cachelab lesson N` on a projector: at a terminal the lesson's prose breaks at spaces to the
// window's width (at most 100), a `quoted command` kept whole; piped (a handout, less) it is as it
// was. The trace's own lines are left long (their columns are the point).
import { afterEach, describe, expect, it } from 'vitest';
import { LESSONS, runLesson } from '../../sim/lessons/index';
import { proseWidth, wrapProse } from '../../sim/cli/wrapProse';
import { cachelab } from './cliHarness';

const stdout = process.stdout as { isTTY?: boolean; columns?: number };
const was = { isTTY: stdout.isTTY, columns: stdout.columns };
afterEach(() => {
  Object.defineProperty(stdout, 'isTTY', { value: was.isTTY, configurable: true, writable: true });
  Object.defineProperty(stdout, 'columns', { value: was.columns, configurable: true, writable: true });
});

describe('wrapProse', () => {
  it('breaks at spaces within the width, hangs the lines after the first, keeps a long word and a `command` whole', () => {
    expect(wrapProse('one two three four', 9)).toBe('one two\nthree\nfour');
    expect(wrapProse('one two three', 10, '  (A) ')).toBe('  (A) one\n      two\n      three');
    expect(wrapProse('see `npx cachelab check x --config robust` (exit 0).', 20)).toBe('see\n`npx cachelab check x --config robust`\n(exit 0).');
    expect(wrapProse('a b', Infinity, 'Q: ')).toBe('Q: a b');
  });

  it('wraps for a terminal only', () => {
    expect(proseWidth({ isTTY: true, columns: 60 })).toBe(60);
    expect(proseWidth({ isTTY: true, columns: 240 })).toBe(100);
    expect(proseWidth({ isTTY: false, columns: 60 })).toBe(Infinity);
  });
});

describe('cachelab lesson N at a 60-column terminal', () => {
  it.each(LESSONS)('lesson $n: no prose line passes 60 columns, and the words are the piped ones', async (lesson) => {
    const piped = await cachelab('lesson', String(lesson.n), '--answers');
    Object.defineProperty(stdout, 'isTTY', { value: true, configurable: true, writable: true });
    Object.defineProperty(stdout, 'columns', { value: 60, configurable: true, writable: true });
    const shown = await cachelab('lesson', String(lesson.n), '--answers');
    expect(shown.code).toBe(0);
    const trace = runLesson(lesson);
    const excerpts = new Set(lesson.questions.flatMap((q) => (q.excerpt?.(trace) ?? []).map((l) => `  ${l}`)));
    const long = shown.out.split('\n').filter((l) => {
      // The command to type stays on its line.
      if (l.length <= 60 || excerpts.has(l) || l.startsWith('Run: ')) return false;
      // The trace's lines: time, actor, label in columns.
      if (/^ *-?\d+ {2}\S/.test(l)) return false;
      // One word or `command` alone on its line cannot be broken.
      return !/^ *(?:\S+: )?(?:\S*`[^`]*`\S*|\S+)$/.test(l);
    });
    expect(long).toEqual([]);
    expect(shown.out.replace(/\s+/g, ' ')).toBe(piped.out.replace(/\s+/g, ' '));
  });
});
