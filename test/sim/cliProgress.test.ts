// The progress line (sim/cli/cliProgress.ts): explore's shows how full the heap is, in the units
// that suit its size, and a typical line still fits a terminal of about 100 columns (a longer one
// wraps, and the live line then no longer redraws in place).
import { describe, expect, it } from 'vitest';
import { heapFill, progressText } from '../../sim/cli/cliProgress';

describe('progressText', () => {
  const explore = { what: 'explore concurrent-deletes', done: 4_123_456, unit: 'distinct states', detail: '0 violated' };

  it("adds the heap's fill when the update carries it, and nothing when it does not", () => {
    expect(progressText({ ...explore, heap: { usedMb: 1270, limitMb: 4096 } }, 38211.4)).toBe(
      'explore concurrent-deletes: 4123456 distinct states (38211/s), 0 violated, heap 1.2 of 4.0 GB (31%)',
    );
    expect(progressText(explore, 38211.4)).toBe('explore concurrent-deletes: 4123456 distinct states (38211/s), 0 violated');
  });

  it('fits 100 columns for a long run (7-digit count, 5-digit rate, a violation, a heap of a few GB)', () => {
    const line = progressText({ ...explore, done: 9_999_999, detail: '2 violated', heap: { usedMb: 3481.6, limitMb: 4096 } }, 99_999);
    expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('heapFill', () => {
  it('in GB with one decimal from 1 GB, in whole MB under it, with the share of the limit', () => {
    expect(heapFill({ usedMb: 3481.6, limitMb: 4096 })).toBe('3.4 of 4.0 GB (85%)');
    expect(heapFill({ usedMb: 201.4, limitMb: 252 })).toBe('201 of 252 MB (80%)');
  });
});
