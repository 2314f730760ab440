// Every link in the docs leads somewhere: a relative path to a file that exists, an #anchor to a
// heading of its page (GitHub's slugs), a web address of the right form (not fetched: no network).
// A renamed heading or a moved doc otherwise leaves a newcomer at a dead link; this lists each.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_FILES } from './docCommands/docSources';
import { brokenLinks, type Files } from './docLinks/checkLinks';
import { githubSlug, markdownLinks, pageAnchors } from './docLinks/markdownLinks';

const disk: Files = { exists: existsSync, read: (p) => readFileSync(p, 'utf8') };

/** Every Markdown file of the tree (the docs' list, and any other, such as src/layers/README.md). */
const SKIP = new Set(['node_modules', '.git', 'dist', 'test-results']);
function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = dir === '.' ? e.name : join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : markdownUnder(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}
const ALL_MARKDOWN = markdownUnder('.').sort();

describe('the links of the docs', () => {
  it('all resolve: files exist, anchors match a heading, web addresses are well formed', () => {
    expect(MARKDOWN_FILES.flatMap((f) => brokenLinks(f, disk))).toEqual([]);
  });

  it('in Markdown files outside the docs list resolve too', () => {
    const others = ALL_MARKDOWN.filter((f) => !MARKDOWN_FILES.includes(f));
    expect(others).toContain('src/layers/README.md');
    expect(others.flatMap((f) => brokenLinks(f, disk))).toEqual([]);
  });

  it('are found: the checker reads links from README, the docs and the lessons', () => {
    const count = MARKDOWN_FILES.map((f) => markdownLinks(readFileSync(f, 'utf8')).length);
    expect(count.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(MARKDOWN_FILES).toEqual(expect.arrayContaining(['README.md', 'docs/findings.md', 'docs/lessons/01-the-bug.md']));
  });
});

describe('the link checker', () => {
  // A made-up tree, so each kind of broken link is shown caught.
  const tree: Record<string, string> = {
    'README.md': '# Calendar Cache Lab\n\nSee [how](docs/a.md#the-cache-key-view) and [top](#calendar-cache-lab).\n',
    'docs/a.md': '## The cache-key view\n\n## Run it\n\n## Run it\n\n```\n## Not a heading\n[not](a link.md)\n```\n',
  };
  const files: Files = { exists: (p) => p in tree || p === 'docs', read: (p) => tree[p] };
  const withLine = (line: string) => brokenLinks('docs/b.md', { ...files, read: (p) => (p === 'docs/b.md' ? line : tree[p]) });

  it('passes links that resolve', () => {
    expect(brokenLinks('README.md', files)).toEqual([]);
    expect(withLine('[a](a.md#run-it) [b](a.md#run-it-1) [c](../README.md) [d](https://example.org/x) [e](http://localhost:5173/?a=1)')).toEqual([]);
  });

  it('reports a missing file, a missing anchor, a heading inside a fence, an absolute path, a bad web address', () => {
    expect(withLine('[a](gone.md)')).toEqual(['docs/b.md:1: gone.md — docs/gone.md does not exist']);
    expect(withLine('[a](a.md#run-it-2)')).toEqual(['docs/b.md:1: a.md#run-it-2 — no heading of docs/a.md makes #run-it-2']);
    expect(withLine('[a](a.md#not-a-heading)')).toHaveLength(1);
    expect(withLine('[a](/docs/a.md)')).toHaveLength(1);
    expect(withLine('[a](https://exa mple)')).toHaveLength(1);
    expect(withLine('[a](https:/example)')).toHaveLength(1);
    expect(withLine('[a](../../x.md)')).toHaveLength(1);
  });

  it('ignores links inside code', () => {
    expect(withLine('`[a](gone.md)`\n```\n[b](gone.md)\n```\n')).toEqual([]);
  });

  it('makes slugs by GitHub rules', () => {
    expect(githubSlug('Trace files: comparing two runs (exports)')).toBe('trace-files-comparing-two-runs-exports');
    expect(githubSlug('5. On the real stack: your views in Python')).toBe('5-on-the-real-stack-your-views-in-python');
    expect(githubSlug('Keyboard, screen readers and `zoom`')).toBe('keyboard-screen-readers-and-zoom');
    expect(githubSlug('What if… at this step?')).toBe('what-if-at-this-step');
    expect(githubSlug('A & B_c')).toBe('a--b_c');
    expect([...pageAnchors('# A\n# A\nSetext\n---\n')]).toEqual(['a', 'a-1', 'setext']);
  });
});
