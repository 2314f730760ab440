// The checkers add their observations through observe(), which leaves out those that cannot change
// what episodes() finds (neutral ones, good ones before the first bad one). The episodes must be
// those of every observation, on random sequences of verdicts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { episodes, observe, type Observation } from '../../sim/invariants/traceFacts';

describe('observe', () => {
  it('leaves episodes() the same as with every observation kept', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Observation['verdict']>('good', 'bad', 'neutral'), { maxLength: 30 }), (verdicts) => {
        const all: Observation[] = [];
        const kept: Observation[] = [];
        verdicts.forEach((verdict, seq) => {
          all.push({ seq, t: seq * 10, verdict });
          observe(kept, seq, seq * 10, verdict);
        });
        expect(episodes(kept)).toEqual(episodes(all));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps fewer: nothing before the first bad one, no neutral one', () => {
    const kept: Observation[] = [];
    for (const [seq, verdict] of (['good', 'neutral', 'good', 'bad', 'neutral', 'good', 'good'] as const).entries()) observe(kept, seq, seq, verdict);
    expect(kept.map((o) => o.verdict)).toEqual(['bad', 'good', 'good']);
  });
});
