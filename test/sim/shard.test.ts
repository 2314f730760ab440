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
    // One file given twice says so, not only that the other shard is missing.
    expect((await cli(['merge', names[0], names[0]], files)).err).toMatch(/shard\(s\) 1 of 2 given twice and shard\(s\) 2 of 2 missing/);
    expect((await cli(['merge', names[0], names[0], names[1]], files)).err).toMatch(/shard\(s\) 1 of 2 given twice: /);
    files.set('other.json', (await cli(['explore', 'seed-fixed', '--config', 'broken', '--shard', '2/2', '--json'])).out);
    const other = await cli(['merge', names[0], 'other.json'], files);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/different explores: preset/);
    for (const bad of ['0/2', '3/2', '1/0', 'x']) expect((await cli(['explore', 'seed-fixed', '--shard', bad])).code).toBe(2);
    files.set('plain.json', (await cli(['explore', 'seed-fixed', '--json'])).out);
    expect((await cli(['merge', 'plain.json'], files)).err).toMatch(/not a shard's report/);
  });
  it('refuses shards run with different reductions, and the merge says which ones every shard ran', async () => {
    // inflight-refetch under broken: Redis shared by the workers, gunicorn's accept, so the worker symmetry applies.
    const args = ['inflight-refetch', '--config', 'broken', '--max-states', '200'];
    const files = new Map<string, string>();
    const shard = async (name: string, i: number, extra: string[]) => files.set(name, (await cli(['explore', ...args, ...extra, '--shard', `${i}/2`, '--json'])).out);
    await shard('on1.json', 1, ['--symmetry', 'on']);
    await shard('on2.json', 2, ['--symmetry', 'on']);
    await shard('off1.json', 1, ['--symmetry', 'off']);
    await shard('off2.json', 2, ['--symmetry', 'off']);
    await shard('plain2.json', 2, ['--symmetry', 'on', '--reduction', 'off']);
    expect(JSON.parse(files.get('on1.json')!).symmetry.on).toBe(true);

    const mixed = await cli(['merge', 'on1.json', 'off2.json'], files);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/^cachelab merge: the reports are of different explores: symmetry is "on" in shard 1 and "off" in shard 2\n$/);
    const reduction = await cli(['merge', 'on1.json', 'plain2.json'], files);
    expect(reduction.code).toBe(2);
    expect(reduction.err).toMatch(/different explores: reduction is "on" in shard 1 and "off" in shard 2/);

    const on = JSON.parse((await cli(['merge', 'on2.json', 'on1.json', '--json'], files)).out);
    const off = JSON.parse((await cli(['merge', 'off1.json', 'off2.json', '--json'], files)).out);
    expect([on.symmetry, on.reduction, off.symmetry, off.reduction]).toEqual([true, true, false, true]);
  });

  it('the text report says the staleness bound, reductions, deferred jitter and quiet gap every shard ran; mixed deferred jitter or quiet gap is refused', async () => {
    // inflight-refetch under broken: jittered steps and Redis shared by the workers, so deferred jitter and the symmetry apply.
    const args = ['inflight-refetch', '--config', 'broken', '--max-states', '200'];
    const files = new Map<string, string>();
    const pair = async (name: string, extra: string[]) => {
      for (const i of [1, 2]) files.set(`${name}${i}.json`, (await cli(['explore', ...args, ...extra, '--shard', `${i}/2`, '--json'])).out);
      return [`${name}1.json`, `${name}2.json`];
    };
    const text = async (names: string[]) => (await cli(['merge', ...names], files)).out;
    const json = async (names: string[]) => JSON.parse((await cli(['merge', ...names, '--json'], files)).out);
    const setting = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(`  ${name.padEnd(18)}`))?.slice(20);

    const on = await pair('on', []);
    const off = await pair('off', ['--reduction', 'off', '--symmetry', 'off', '--defer-jitter', 'off', '--quiet-gap', 'off']);
    const stale = await pair('stale', ['--max-stale-ms', '1000']);
    expect(JSON.parse(files.get('on1.json')!).deferJitter.on).toBe(true);
    expect(JSON.parse(files.get('on1.json')!).quietGap.on).toBe(true);
    const settings = async (names: string[]) => {
      const out = await text(names);
      return ['max stale', 'reduction', 'symmetry', 'defer jitter', 'quiet gap'].map((n) => setting(out, n));
    };
    expect(await settings(on)).toEqual(['none: any stale moment is a violation', 'on in every shard', 'on in every shard', 'on in every shard', 'on in every shard']);
    expect(await settings(off)).toEqual(['none: any stale moment is a violation', 'off in every shard', 'off or not applicable in every shard', 'off in every shard', 'off in every shard']);
    // Deferred jitter and the quiet gap are not applied under a staleness bound, and the report says so.
    expect(await settings(stale)).toEqual(['1000 ms (--max-stale-ms)', 'on in every shard', 'on in every shard', 'off in every shard', 'off in every shard']);
    // The text says what the --json report says.
    for (const names of [on, off, stale]) {
      const m = await json(names);
      expect([m.maxStaleMs, m.reduction, m.symmetry, m.deferJitter, m.quietGap]).toEqual([names === stale ? 1000 : null, names !== off, names !== off, names === on, names === on]);
    }

    files.set('late2.json', (await cli(['explore', ...args, '--defer-jitter', 'off', '--shard', '2/2', '--json'])).out);
    const mixed = await cli(['merge', on[0], 'late2.json'], files);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/different explores: deferJitter is "on" in shard 1 and "off" in shard 2/);
    files.set('quiet2.json', (await cli(['explore', ...args, '--quiet-gap', 'off', '--shard', '2/2', '--json'])).out);
    const mixedQuiet = await cli(['merge', on[0], 'quiet2.json'], files);
    expect(mixedQuiet.code).toBe(2);
    expect(mixedQuiet.err).toMatch(/different explores: quietGap is "on" in shard 1 and "off" in shard 2/);

    // Reports older than the field merge as before, and the merge says it does not know.
    for (const name of on) {
      const { deferJitter: _, quietGap: __, ...older } = JSON.parse(files.get(name)!);
      files.set(`old-${name}`, JSON.stringify(older));
    }
    const old = on.map((n) => `old-${n}`);
    expect(setting(await text(old), 'defer jitter')).toBe("not recorded in the shards' reports (older than the field)");
    expect(setting(await text(old), 'quiet gap')).toBe("not recorded in the shards' reports (older than the field)");
    expect((await json(old)).deferJitter).toBeNull();
    expect((await json(old)).quietGap).toBeNull();
  });
});
