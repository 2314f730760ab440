// sim/format/generatedBlock.ts: the one splice every docs generator uses. It replaces exactly the text
// between a block's markers, keeps everything around them, and refuses a page without them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { beginMarker, endMarker, withGeneratedBlock } from '../../sim/format/generatedBlock';
import { docsGenerator } from '../../tools/generatedBlock';

const block = { file: 'page.md', name: 'demo', how: 'a test' };
const page = ['# Title', 'before', beginMarker(block), 'old line 1', 'old line 2', endMarker(block), 'after', ''].join('\n');

describe('withGeneratedBlock', () => {
  it('replaces only the body between the markers', () => {
    const out = withGeneratedBlock(page, block, 'new body');
    expect(out).toBe(['# Title', 'before', beginMarker(block), 'new body', endMarker(block), 'after', ''].join('\n'));
    expect(withGeneratedBlock(out, block, 'new body')).toBe(out);
  });

  it('names the page and block when a marker is missing or the two are out of order', () => {
    expect(() => withGeneratedBlock(page.replace(endMarker(block), ''), block, 'x')).toThrow('page.md: markers for demo missing');
    expect(() => withGeneratedBlock(page, { ...block, how: 'another command' }, 'x')).toThrow('page.md: markers for demo missing');
    const swapped = [endMarker(block), beginMarker(block)].join('\n');
    expect(() => withGeneratedBlock(swapped, block, 'x')).toThrow('page.md: markers for demo missing');
  });
});

describe('docsGenerator main', () => {
  const setUp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'generated-block-'));
    const file = join(dir, 'page.md');
    const resultsFile = join(dir, 'results.json');
    writeFileSync(file, page);
    writeFileSync(resultsFile, JSON.stringify({ n: 1 }, null, 1) + '\n');
    let measured = 0;
    const g = docsGenerator({ ...block, file, resultsFile, measure: () => ({ n: 10 + ++measured }), body: (r: { n: number }) => `n is ${r.n}`, indent: 2 });
    return { file, resultsFile, g, measured: () => measured };
  };

  it('with --render, renders from the results file without measuring', () => {
    const s = setUp();
    s.g.main(['node', 'tool.ts', '--render']);
    expect(s.measured()).toBe(0);
    expect(readFileSync(s.file, 'utf8')).toContain(`${beginMarker(block)}\nn is 1\n${endMarker(block)}`);
  });

  it('without it, measures, writes the results file in its layout, and renders from it', () => {
    const s = setUp();
    s.g.main(['node', 'tool.ts']);
    expect(s.measured()).toBe(1);
    expect(readFileSync(s.resultsFile, 'utf8')).toBe('{\n  "n": 11\n}\n');
    expect(s.g.readResults()).toEqual({ n: 11 });
    expect(readFileSync(s.file, 'utf8')).toContain(`${beginMarker(block)}\nn is 11\n${endMarker(block)}`);
  });
});
