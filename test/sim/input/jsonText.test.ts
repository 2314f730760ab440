import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputFileError, jsonDepth, parseJsonText } from '../../../sim/input/jsonText';
import { MAX_JSON_DEPTH } from '../../../sim/input/limits';

describe('jsonDepth', () => {
  it('counts nesting and skips brackets inside strings', () => {
    expect(jsonDepth('{}')).toBe(1);
    expect(jsonDepth('[[1],{"a":[2]}]')).toBe(3);
    expect(jsonDepth('{"a":"[[[\\"[["}')).toBe(1);
    expect(jsonDepth('42')).toBe(0);
  });
  it('agrees with a recursive count on generated JSON', () => {
    const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depthOf)) : 0);
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => jsonDepth(JSON.stringify(v)) === depthOf(v)), { seed: 13, numRuns: 1000 });
  });
});

describe('parseJsonText', () => {
  it('refuses nesting past the limit before parsing', () => {
    expect(() => parseJsonText('['.repeat(1_000_000), 'a trace')).toThrow(/nests deeper than the limit of 64 levels/);
    expect(parseJsonText('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), 'a trace')).toBeInstanceOf(Array);
  });
  it('refuses text past the size limit', () => {
    expect(() => parseJsonText('"' + 'x'.repeat(100) + '"', 'a trace', { maxChars: 50, maxDepth: 4 })).toThrow(/more than the limit of 50/);
  });
  it('reports invalid JSON in one line without raw control characters', () => {
    try {
      parseJsonText('{"a":\u001b[2J}', 'a trace');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputFileError);
      expect((e as Error).message).toMatch(/^not a trace: the file is not valid JSON/);
      expect((e as Error).message).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});
