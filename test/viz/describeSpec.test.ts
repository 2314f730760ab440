// The run line names what decides the schedule: a choice list (a counterexample, a what-if branch)
// is not the nominal schedule, and the line said both ("nominal schedule · 14 scripted choice(s)").
import { describe, expect, it } from 'vitest';
import { describeSpec } from '../../viz/model/runSpec';

describe('describeSpec', () => {
  it('names the nominal schedule, a seed, or a scripted schedule, never two of them', () => {
    expect(describeSpec({ scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null })).toBe('seed-broken · preset broken · nominal schedule');
    expect(describeSpec({ scenario: 'seed-broken', preset: 'broken', overrides: [], seed: 7 })).toBe('seed-broken · preset broken · random seed 7');
    const scripted = describeSpec({ scenario: 'inflight-refetch', preset: 'seed-fix', overrides: [], seed: null, choices: [20, 0, 0, 70] });
    expect(scripted).toBe('inflight-refetch · preset seed-fix · scripted schedule (4 choices)');
    expect(scripted).not.toContain('nominal');
  });
});
