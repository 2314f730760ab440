// The labelled choice log: traces keep {kind, label, options, value} per choice; a replay checks
// every choice point against it; --choices takes indices (strictly) or names.
import { describe, expect, it } from 'vitest';
import { ReplayDivergence, type LabelledChoice } from '../../sim/chooser';
import { replayTrace } from '../../sim/replay/replayTrace';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

describe('the labelled choice log', () => {
  const seeded = runScenario(getScenario('commit-race'), { preset: 'seed-fix', seed: 4 });

  it('is in every trace: one record per choice, with what was asked', () => {
    expect(seeded.choiceLog!.map((r) => r.value)).toEqual(seeded.choices);
    for (const r of seeded.choiceLog!) {
      expect(['tie', 'route', 'latency', 'jitter']).toContain(r.kind);
      expect(r.value).toBeLessThan(r.options);
      expect(r.label.length).toBeGreaterThan(3);
    }
  });

  it('a replay checks it: the same trace, or a divergence at the first point asked differently', () => {
    expect(replayTrace(seeded).identical).toBe(true);
    const i = seeded.choiceLog!.findIndex((r) => r.kind === 'latency');
    const tampered = { ...seeded, choiceLog: seeded.choiceLog!.map((r, k) => (k === i ? { ...r, label: `${r.label} (renamed)` } : r)) };
    expect(() => replayTrace(tampered)).toThrow(ReplayDivergence);
    expect(() => replayTrace(tampered)).toThrow(new RegExp(`choice #${i}: the trace recorded`));
    const shorter = { ...seeded, choiceLog: seeded.choiceLog!.slice(0, 3) };
    expect(() => replayTrace(shorter)).toThrow(/recorded only 3 choice/);
  });

  it('choices by name reproduce a run: its non-nominal points, every other nominal', () => {
    const counts = new Map<string, number>();
    const entries: LabelledChoice[] = [];
    for (const r of seeded.choiceLog!) {
      const n = (counts.get(r.label) ?? 0) + 1;
      counts.set(r.label, n);
      if (r.value !== 0) entries.push({ label: r.label, occurrence: n, value: r.value });
    }
    expect(entries.length).toBeGreaterThan(2);
    const again = runScenario(getScenario('commit-race'), { preset: 'seed-fix', labelledChoices: entries });
    expect(again.choices).toEqual(seeded.choices);
    expect(() => runScenario(getScenario('commit-race'), { preset: 'seed-fix', labelledChoices: [{ label: 'route r99', occurrence: 1, value: 1 }] })).toThrow(/no choice point "route r99"/);
  });

  it('cachelab replay --choices: names work, an index beyond the options or an unknown name is a usage error', async () => {
    const label = seeded.choiceLog!.find((r) => r.kind === 'latency')!.label;
    const ok = await cli(['replay', 'commit-race', '--config', 'seed-fix', '--choices', `${label}=1`]);
    expect([0, 1]).toContain(ok.code);
    expect((await cli(['replay', 'commit-race', '--config', 'seed-fix', '--choices', '0,0,999'])).code).toBe(2);
    const unknown = await cli(['replay', 'commit-race', '--config', 'seed-fix', '--choices', 'no such point=1']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no choice point "no such point"/);
  });
});
