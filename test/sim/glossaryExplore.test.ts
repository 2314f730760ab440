// The glossary's `explore` entry names the verdict line each way of ending the search prints: it
// said BOUND REACHED for --time-limit, whose report says STOPPED EARLY, and left out
// --max-deviations, which sharding.md's bounded campaigns use. Each case runs the real command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';

const entry = /^- \*\*`explore`\*\*.*$/m.exec(readFileSync('docs/lessons/glossary.md', 'utf8'))![0];
const HEADINGS = ['EXHAUSTIVE', 'BOUND REACHED', 'STOPPED EARLY'];

/** The part of the entry from a verdict heading to the next one: what it says that heading means. */
function clauseOf(heading: string): string {
  const at = entry.indexOf(`\`${heading}\``);
  expect(at, `${heading} is not in the glossary's explore entry`).toBeGreaterThan(-1);
  const next = Math.min(...HEADINGS.map((h) => entry.indexOf(`\`${h}\``, at + 1)).filter((i) => i > at), entry.length);
  return entry.slice(at, next);
}

describe('the glossary: explore', () => {
  it.each([
    ['--max-states', ['explore', 'cache-pressure', '--config', 'robust', '--max-states', '500']],
    ['--max-deviations', ['explore', 'commit-race', '--config', 'robust', '--max-deviations', '0']],
    ['--time-limit', ['explore', 'cache-pressure', '--config', 'robust', '--max-states', '100000000', '--time-limit', '1ms']],
  ])('names the verdict line that %s ends it with', async (flag, argv) => {
    const r = await cli(argv);
    expect(r.code, r.err).toBe(0);
    const printed = HEADINGS.find((h) => r.out.includes(`  ${h}: `))!;
    expect(printed, r.out).toBeDefined();
    expect(clauseOf(printed)).toContain(flag);
  });
});

describe('the words json-reports.md and sharding.md send to the glossary', () => {
  const glossary = readFileSync('docs/lessons/glossary.md', 'utf8');
  const terms = new Set([...glossary.matchAll(/\*\*`?([^*`]+)`?\*\*/g)].map((m) => m[1].toLowerCase()));
  it.each(['docs/json-reports.md', 'docs/sharding.md'])('%s: each is an entry', (doc) => {
    const words = /The words (?:this section uses )?\(([^)]+)\)\s+(?:are|is)\s+explained in the \[glossary\]/.exec(readFileSync(doc, 'utf8').replace(/\s+/g, ' '))![1].split(', ');
    expect(words.filter((w) => !terms.has(w))).toEqual([]);
  });
});
