// A sharded campaign as an engineer runs it: shards of different fixes are refused, a shard that
// stopped early (time limit, Ctrl-C, a full heap, --max-states) or never wrote its report is named
// with why and the command that runs it again, and that command's report completes the merge.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreJob, type ProgressUpdate } from '../../sim/cli/cliJobs';
import { sourceDigest } from '../../sim/explore/sourceDigest';
import { progressText } from '../../sim/cli/cliProgress';
import { getScenario } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

/** The words of a printed `npx cachelab explore ... --json > FILE` command: its argv and file. */
function parseRerun(command: string): { argv: string[]; file: string } {
  const words = command.split(' ');
  expect(words.slice(0, 2)).toEqual(['npx', 'cachelab']);
  const to = words.indexOf('>');
  return { argv: words.slice(2, to), file: words[to + 1] };
}

async function shards(args: string[], n: number, files: Map<string, string>, extra: (i: number) => string[] = () => []): Promise<string[]> {
  const names: string[] = [];
  for (let i = 1; i <= n; i++) {
    const r = await cli(['explore', ...args, ...extra(i), '--shard', `${i}/${n}`, '--json'], files);
    expect([0, 1]).toContain(r.code);
    files.set(`shard-${i}.json`, r.out);
    names.push(`shard-${i}.json`);
  }
  return names;
}

describe('a sharded campaign', () => {
  it('refuses shards run with different --app fixes, or one without, whatever their config', async () => {
    // Neither file sets knobs the other does not, so only the fix itself tells them apart.
    const files = new Map<string, string>();
    const a = await cli(['explore', 'seed-fixed', '--app', 'examples/invalidate-in-transaction.ts', '--max-states', '300', '--shard', '1/2', '--json'], files);
    const b = await cli(['explore', 'seed-fixed', '--app', 'examples/invalidate-on-commit.ts', '--max-states', '300', '--shard', '2/2', '--json'], files);
    const none = await cli(['explore', 'seed-fixed', '--set', 'page.onDeleted=remove-and-refetch', '--max-states', '300', '--shard', '2/2', '--json'], files);
    files.set('a1.json', a.out).set('b2.json', b.out).set('none2.json', none.out);
    expect(JSON.parse(a.out).overrides).toEqual(JSON.parse(b.out).overrides);
    expect(JSON.parse(a.out).app).toMatchObject({ file: 'examples/invalidate-in-transaction.ts', config: JSON.parse(a.out).overrides });
    const mixed = await cli(['merge', 'a1.json', 'b2.json'], files);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/^cachelab merge: the reports are of different explores: shard 1 ran --app examples\/invalidate-in-transaction\.ts \(sha256 [0-9a-f]{12}\) and shard 2 ran --app examples\/invalidate-on-commit\.ts \(sha256 [0-9a-f]{12}\): run every shard with the same fix\n$/);
    expect((await cli(['merge', 'a1.json', 'none2.json'], files)).err).toMatch(/shard 2 ran without --app/);
    // The same fix from another path (another machine's checkout) is the same fix.
    const moved = { ...JSON.parse(b.out), app: { ...JSON.parse(a.out).app, file: 'elsewhere/fix.ts' } };
    files.set('moved2.json', JSON.stringify(moved));
    expect((await cli(['merge', 'a1.json', 'moved2.json'], files)).code).not.toBe(2);
  });

  it('names a shard that stopped early, why, and the command that finishes it; its report then completes the merge', async () => {
    const args = ['multi-worker', '--config', 'seed-fix'];
    const files = new Map<string, string>();
    // Shard 2 stops at --max-states; the others run to their end with a higher bound.
    const names = await shards(args, 3, files, (i) => ['--max-states', i === 2 ? '500' : '100000']);
    const text = (await cli(['merge', ...names], files)).out;
    expect(text).toMatch(/NOT EXHAUSTIVE: 1 of 3 shard\(s\) did not explore their part to the end\. The answer covers every schedule with at most \d+ deviation\(s\), not every schedule\./);
    expect(text).toMatch(/\n {4}shard 2: stopped by --max-states 500, every schedule with at most \d+ deviation\(s\) covered: raise it/);
    const m = JSON.parse((await cli(['merge', ...names, '--json'], files)).out);
    expect(m.exhaustive).toBe(false);
    expect(m.shardsNotExhaustive).toHaveLength(1);
    const stopped = m.shardsNotExhaustive[0];
    expect([stopped.shard, stopped.stopReason]).toEqual([2, 'max-states']);
    expect(stopped.rerun).toBe('npx cachelab explore multi-worker --config seed-fix --max-states 5000 --shard 2/3 --json > shard-2.json');
    expect(text).toContain(`\n    ${stopped.rerun}\n`);
    // Run it as printed: the merge is whole (the shards need not agree on --max-states).
    const { argv, file } = parseRerun(stopped.rerun);
    const again = await cli(argv, files);
    files.set(file, again.out);
    const whole = JSON.parse((await cli(['explore', ...args, '--max-states', '100000', '--json'])).out);
    const merged = JSON.parse((await cli(['merge', ...names, '--json'], files)).out);
    expect([merged.exhaustive, merged.shardsNotExhaustive, [...merged.violated].sort()]).toEqual([whole.exhaustive, [], [...whole.violated].sort()]);
  });

  it('says what stopped a shard by a time limit, Ctrl-C or a full heap, and what the command to finish it changes', async () => {
    const files = new Map<string, string>();
    const names = await shards(['seed-fixed', '--config', 'robust', '--set', 'deploy.workers=2'], 3, files);
    const stop = (name: string, fields: object) => files.set(name, JSON.stringify({ ...JSON.parse(files.get(name)!), exhaustive: false, stoppedEarly: true, completeUpToDeviations: 1, seconds: 600.02, ...fields }));
    stop('shard-1.json', { stopReason: 'time-limit' });
    stop('shard-2.json', { stopReason: 'interrupted' });
    stop('shard-3.json', { stopReason: 'memory', heap: { usedMb: 3500, limitMb: 4096 } });
    const text = (await cli(['merge', ...names], files)).out;
    expect(text).toContain('NOT EXHAUSTIVE: 3 of 3 shard(s)');
    expect(text).not.toContain('EXHAUSTIVE: every');
    expect(text).toContain('    shard 1: stopped by its --time-limit after 600.0 s, every schedule with at most 1 deviation(s) covered: give it longer (the command below has no limit)');
    expect(text).toContain('    shard 2: interrupted (Ctrl-C, SIGINT or SIGTERM) after 600.0 s, every schedule with at most 1 deviation(s) covered: let it run to its end');
    expect(text).toContain('    shard 3: stopped with its heap nearly full (3500 of 4096 MB) after 600.0 s');
    expect(text).toContain('    npx cachelab explore seed-fixed --config robust --set deploy.workers=2 --shard 1/3 --json > shard-1.json');
    expect(text).toContain('    NODE_OPTIONS=--max-old-space-size=8192 npx cachelab explore seed-fixed --config robust --set deploy.workers=2 --shard 3/3 --json > shard-3.json');
    const m = JSON.parse((await cli(['merge', ...names, '--json'], files)).out);
    expect(m.shardsNotExhaustive.map((s: { stopReason: string }) => s.stopReason)).toEqual(['time-limit', 'interrupted', 'memory']);
    expect(m.completeUpToDeviations).toBe(1);
  });

  it('a missing shard comes with the command that runs it as the others ran; a lost report (empty, cut short) says so', async () => {
    const files = new Map<string, string>();
    const args = ['inflight-refetch', '--config', 'broken', '--reduction', 'off', '--max-states', '2000'];
    const [first] = await shards(args, 2, files);
    const missing = await cli(['merge', first], files);
    expect(missing.code).toBe(2);
    const command = /then merge every shard's report: (.*)\n$/.exec(missing.err)?.[1];
    expect(command).toBe('npx cachelab explore inflight-refetch --config broken --reduction off --max-states 2000 --shard 2/2 --json > shard-2.json');
    const { argv, file } = parseRerun(command!);
    files.set(file, (await cli(argv, files)).out);
    expect((await cli(['merge', first, file], files)).code).not.toBe(2);

    files.set('empty.json', '');
    files.set('cut.json', files.get(first)!.slice(0, 200));
    const empty = await cli(['merge', first, 'empty.json'], files);
    expect([empty.code, empty.err]).toEqual([2, expect.stringMatching(/^cachelab merge: empty\.json is empty: its shard's explore was killed or failed before its report was written/)]);
    expect((await cli(['merge', first, 'cut.json'], files)).err).toMatch(/^cachelab merge: cut\.json is cut short \(not whole JSON\): its shard's explore was killed/);
  });

  it("a shard's progress line says which shard it is and how far it has got, for a CI log", async () => {
    const updates: ProgressUpdate[] = [];
    const r = await exploreJob(
      { scenario: getScenario('multi-worker'), appFile: null, preset: 'seed-fix', overrides: [], maxStates: 1_000_000, shard: { index: 1, count: 3 }, stopAtFirst: false, workers: 1 },
      { shouldStop: () => false, progress: (u) => updates.push(u) },
    );
    const last = progressText(updates.at(-1)!, 100);
    expect(last).toMatch(/^explore multi-worker shard 2\/3: \d+ distinct states \(100\/s\), ≤\d+ deviations done, 4 violated$/);
    // It rises level by level as the search goes deeper.
    const done = updates.map((u) => Number(/≤(\d+) deviations done/.exec(u.detail)?.[1] ?? -1));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBeGreaterThan(0);
    expect(r.shard).toEqual({ index: 1, count: 3 });
  });

  it('refuses shards run by different versions of cachelab (a digest of its sources), and merges older reports without it', async () => {
    const files = new Map<string, string>();
    const names = await shards(['seed-fixed', '--config', 'robust'], 2, files);
    const report = (name: string) => JSON.parse(files.get(name)!);
    expect(report(names[0]).shard.sources).toBe(sourceDigest());
    files.set('other-2.json', JSON.stringify({ ...report(names[1]), shard: { ...report(names[1]).shard, sources: 'f'.repeat(64) } }));
    const mixed = await cli(['merge', names[0], 'other-2.json'], files);
    expect([mixed.code, mixed.err]).toEqual([2, `cachelab merge: the reports are of different explores: shard 1 and shard 2 were run by different versions of cachelab (sources ${sourceDigest().slice(0, 12)} and ffffffffffff), whose splits may differ: run every shard with the same cachelab\n`]);
    const older = (name: string) => ({ ...report(name), shard: { index: report(name).shard.index, count: 2 } });
    files.set('old-1.json', JSON.stringify(older(names[0]))).set('old-2.json', JSON.stringify(older(names[1])));
    expect((await cli(['merge', 'old-1.json', 'old-2.json'], files)).code).toBe(0);
    expect((await cli(['merge', 'old-1.json', names[1]], files)).err).toMatch(/sources not recorded and [0-9a-f]{12}\)/);
  });

  it('the sources digest changes with any source file of src/ or sim/, and only with those', () => {
    const root = mkdtempSync(join(tmpdir(), 'cachelab-sources-'));
    try {
      for (const d of ['src', 'sim/explore', 'docs']) mkdirSync(join(root, d), { recursive: true });
      writeFileSync(join(root, 'src/config.ts'), 'export const a = 1;\n');
      writeFileSync(join(root, 'sim/explore/explore.ts'), 'export const b = 2;\n');
      const before = sourceDigest(root);
      writeFileSync(join(root, 'docs/sharding.md'), 'prose\n');
      expect(sourceDigest(root)).toBe(before);
      writeFileSync(join(root, 'sim/explore/explore.ts'), 'export const b = 3;\n');
      expect(sourceDigest(root)).not.toBe(before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('--max-deviations K bounds every shard alike, and the merge covers exactly every schedule with at most K deviations', async () => {
    const args = ['multi-worker', '--config', 'seed-fix', '--max-deviations', '1'];
    const whole = await cli(['explore', ...args, '--json']);
    const w = JSON.parse(whole.out);
    expect([w.exhaustive, w.stopReason, w.completeUpToDeviations]).toEqual([false, 'max-deviations', 1]);
    expect((await cli(['explore', ...args])).out).toContain('BOUND REACHED: --max-deviations 1: every schedule with at most 1 deviation(s)');
    const files = new Map<string, string>();
    const names = await shards(args, 3, files);
    const m = JSON.parse((await cli(['merge', ...names, '--json'], files)).out);
    expect([m.exhaustive, m.completeUpToDeviations, [...m.violated].sort()]).toEqual([false, 1, [...w.violated].sort()]);
    expect(m.shardsNotExhaustive.map((x: { stopReason: string }) => x.stopReason)).toEqual(['max-deviations', 'max-deviations', 'max-deviations']);
    for (const x of w.witnesses) expect(m.witnesses.find((y: { invariant: string }) => y.invariant === x.invariant).nonNominalChoices).toBe(x.nonNominalChoices);
    for (const bad of ['-1', 'x', '10001']) expect((await cli(['explore', 'multi-worker', '--max-deviations', bad])).code).toBe(2);
  });
});
