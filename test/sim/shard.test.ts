// explore --shard i/n and cachelab merge: the shards' merged answer is the unsharded one (the same
// violated invariants, witnesses as short, exhaustive alike), and bad input is refused.
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';

async function reports(args: string[], n: number, files: Map<string, string>): Promise<string[]> {
  const names: string[] = [];
  for (let i = 1; i <= n; i++) {
    const r = await cli(['explore', ...args, '--shard', `${i}/${n}`, '--json'], files);
    expect([0, 1]).toContain(r.code);
    files.set(`s${i}.json`, r.out);
    names.push(`s${i}.json`);
  }
  return names;
}

describe('explore --shard and merge', () => {
  for (const args of [
    ['seed-broken', '--config', 'broken'],
    ['seed-fixed', '--config', 'robust'],
    ['inflight-refetch', '--config', 'seed-fix', '--max-states', '3000'],
  ])
    it(`${args.join(' ')}: 3 shards merged give the unsharded answer`, async () => {
      const whole = JSON.parse((await cli(['explore', ...args, '--json'])).out);
      const files = new Map<string, string>();
      const names = await reports(args, 3, files);
      const merged = await cli(['merge', ...names.reverse(), '--json'], files);
      const m = JSON.parse(merged.out);
      expect(merged.code).toBe(whole.violated.length ? 1 : 0);
      expect([...m.violated].sort()).toEqual([...whole.violated].sort());
      for (const w of whole.witnesses) expect(m.witnesses.find((x: { invariant: string }) => x.invariant === w.invariant).nonNominalChoices).toBe(w.nonNominalChoices);
      if (whole.exhaustive) {
        expect(m.exhaustive).toBe(true);
        // Every shard runs the nominal schedule; the rest is split.
        for (const name of names) expect(JSON.parse(files.get(name)!).runs).toBeLessThanOrEqual(whole.runs);
      } else expect(m.completeUpToDeviations).toBeGreaterThanOrEqual(0);
      expect((await cli(['merge', ...names], files)).out).toContain(`${m.shards} shard(s)`);
    });

  it('refuses a missing shard, a shard twice, reports of different explores, and a bad --shard', async () => {
    const files = new Map<string, string>();
    const names = await reports(['seed-fixed', '--config', 'robust'], 2, files);
    const missing = await cli(['merge', names[0]], files);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/shard\(s\) 2 of 2 missing/);
    expect((await cli(['merge', names[0], names[0]], files)).err).toMatch(/missing|twice/);
    files.set('other.json', (await cli(['explore', 'seed-fixed', '--config', 'broken', '--shard', '2/2', '--json'])).out);
    const other = await cli(['merge', names[0], 'other.json'], files);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/different explores: preset/);
    for (const bad of ['0/2', '3/2', '1/0', 'x']) expect((await cli(['explore', 'seed-fixed', '--shard', bad])).code).toBe(2);
    files.set('plain.json', (await cli(['explore', 'seed-fixed', '--json'])).out);
    expect((await cli(['merge', 'plain.json'], files)).err).toMatch(/not a shard's report/);
  });
});
