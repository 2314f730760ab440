// What "what if" offers at a step: every choice of a run is offered at exactly one step.
import { describe, expect, it } from 'vitest';
import { choicesOf, pendingAt } from '../../viz/model/choices';

describe('what if: the choices offered at a step', () => {
  it('offers the choices made before the first event (user action jitter) at the first step', () => {
    const all = choicesOf({ scenario: 'commit-race', preset: 'broken', overrides: [], seed: null });
    const early = all.filter((c) => c.atEvent === 0);
    // commit-race's race is when A2's feed request comes: a jitter drawn before the first event.
    expect(early.map((c) => c.kind)).toEqual(['jitter']);
    expect(pendingAt(all, 0)).toEqual(expect.arrayContaining(early));
  });

  it('offers every choice at exactly one step', () => {
    for (const [scenario, preset] of [['concurrent-deletes', 'robust'], ['cache-pressure', 'broken'], ['two-worker-reload', 'seed-fix']]) {
      const all = choicesOf({ scenario, preset, overrides: [], seed: null });
      const last = Math.max(...all.map((c) => c.atEvent));
      const offered = Array.from({ length: last + 1 }, (_, seq) => pendingAt(all, seq)).flat();
      expect(offered.map((c) => c.index).sort((a, b) => a - b), scenario).toEqual(all.map((c) => c.index));
    }
  });
});

describe('what if: the words for a latency choice', () => {
  it('names the nominal latency (option 0, listed before the faster ones)', () => {
    const all = choicesOf({ scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null });
    const latency = all.find((c) => c.kind === 'latency' && c.options.length > 2)!;
    expect(latency.options[0]).toMatch(/^\d+ ms \(nominal\)$/);
    expect(latency.options.slice(1).every((o) => /^\d+ ms$/.test(o))).toBe(true);
  });
});
