import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UsageError } from '../../../src/config';
import { CHOICE, parseChoiceList, parseIntIn, RUNS, SEED } from '../../../sim/input/numbers';

describe('parseIntIn', () => {
  it('accepts every integer of the range, spelled in digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: SEED.min, max: SEED.max }), (n) => parseIntIn(String(n), SEED, '--seed') === n),
      { seed: 13, numRuns: 2000 },
    );
  });

  it('refuses a seed past 2^32 instead of wrapping it', () => {
    expect(parseIntIn('4294967295', SEED, '--seed')).toBe(2 ** 32 - 1);
    expect(() => parseIntIn('4294967296', SEED, '--seed')).toThrow(/--seed expects a seed, an integer from 0 to 4294967295; got "4294967296"/);
  });

  it('refuses long digit strings (which Number() would make Infinity or round)', () => {
    expect(() => parseIntIn('9'.repeat(400), SEED, '--seed')).toThrow(UsageError);
    expect(() => parseIntIn('9007199254740993', RUNS, '--runs')).toThrow(UsageError);
    // The message cuts the echo of a long argument.
    try {
      parseIntIn('9'.repeat(400), SEED, '--seed');
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });

  it('refuses signs, spaces, exponents, fractions, hex and below-range values', () => {
    for (const t of ['-1', '+1', ' 1', '1 ', '1e3', '1.0', '0x10', '', '١٢', 'Infinity', 'NaN']) expect(() => parseIntIn(t, SEED, '--seed'), t).toThrow(UsageError);
    expect(() => parseIntIn('0', RUNS, '--runs')).toThrow(/from 1 to/);
  });

  it('escapes control characters in the echoed value', () => {
    expect(() => parseIntIn('1\u001b[2J', SEED, '--seed')).toThrow(/"1\\x1b\[2J"/);
  });

  it('any string either parses to an in-range integer or throws a UsageError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (t) => {
        try {
          const n = parseIntIn(t, SEED, '--seed');
          return Number.isSafeInteger(n) && n >= 0 && n <= SEED.max && String(n) === t.replace(/^0+(?=\d)/, '');
        } catch (e) {
          return e instanceof UsageError && !/[\u0000-\u001f]/.test((e as Error).message);
        }
      }),
      { seed: 13, numRuns: 1000 },
    );
  });
});

describe('parseChoiceList', () => {
  it('reads indices and "nominal"', () => {
    expect(parseChoiceList('0,2, 1', '--choices', 10)).toEqual([0, 2, 1]);
    expect(parseChoiceList('nominal', '--choices', 10)).toEqual([]);
  });
  it('refuses out-of-range, non-digit and too many entries', () => {
    expect(() => parseChoiceList(`0,${CHOICE.max + 1}`, '--choices', 10)).toThrow(UsageError);
    expect(() => parseChoiceList('0,,1', '--choices', 10)).toThrow(UsageError);
    expect(() => parseChoiceList('1,2,3', '--choices', 2)).toThrow(/at most 2/);
  });
});
