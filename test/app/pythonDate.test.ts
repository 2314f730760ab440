// pythonDate remembers the dates it parsed and formatted; every answer must be the plain code's.
import { describe, expect, it } from 'vitest';
import { addDays, formatIsoDate, parseIsoDate, weekday } from '../../src/app/pythonDate';

const DAY_MS = 86_400_000;
// The plain computations, as pythonDate did them before it remembered anything.
const plainFormat = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const plainParse = (text: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError('bad');
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).getUTCDate() !== Number(m[3]) || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError('bad');
  return ms;
};

describe('pythonDate', () => {
  it('gives the plain answers on first and repeated calls, across more dates than the memo holds', () => {
    const start = Date.UTC(1999, 11, 1);
    for (let round = 0; round < 2; round++) {
      for (let d = 0; d < 5000; d += 7) {
        const ms = start + d * DAY_MS;
        const text = plainFormat(ms);
        expect(formatIsoDate(ms)).toBe(text);
        expect(parseIsoDate(text)).toBe(plainParse(text));
        expect(addDays(text, 42)).toBe(plainFormat(ms + 42 * DAY_MS));
        expect(addDays(text, -32)).toBe(plainFormat(ms - 32 * DAY_MS));
        expect(weekday(text)).toBe((new Date(ms).getUTCDay() + 6) % 7);
      }
    }
  });

  it('rejects a bad date every time, not only the first', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parseIsoDate('2025-02-30')).toThrow(/no such day/);
      expect(() => parseIsoDate('2025-13-01')).toThrow(RangeError);
      expect(() => parseIsoDate('20251001')).toThrow(/expected YYYY-MM-DD/);
    }
  });
});
