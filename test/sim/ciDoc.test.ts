// docs/ci.md's job runs as it says: its check and explore commands, with a fix that holds
// (examples/robust-app.ts) and one that does not (examples/invalidate-in-transaction.ts) in place
// of cachelab/my-fix.ts, exit 0 and 1; the failing one writes the files the YAML uploads (and the
// JUnit reports GitLab reads), and the page's replay commands replay them identically. docCommands.test.ts only parses the commands;
// this runs them, so a flag that changes what it does breaks this test, not a pull request's CI.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from './cliHarness';

const DOC = readFileSync('docs/ci.md', 'utf8');
const FIX = 'cachelab/my-fix.ts';

/** Each line of the page's code blocks that runs cachelab, without YAML's `- ` and `run: `, as words. */
function commands(): string[][] {
  const blocks = [...DOC.matchAll(/```(?:sh|yaml)\n([\s\S]*?)```/g)].map((m) => m[1]);
  const lines = blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/#.*$/, '').trim().replace(/^- /, '').replace(/^run: /, ''));
  const seen = new Set<string>();
  return lines.filter((l) => /^(npx )?cachelab (check|explore|replay) /.test(l) && !seen.has(l) && seen.add(l)).map((l) => l.split(/\s+/));
}

const withFix = (argv: string[], fix: string) => argv.map((a) => (a === FIX ? fix : a));
const flagOf = (argv: string[], flag: string) => (argv.includes(flag) ? [argv[argv.indexOf(flag) + 1]] : []);
const outOf = (argv: string[]) => flagOf(argv, '--out')[0];
const sorted = (xs: string[]) => [...new Set(xs)].sort();

describe('docs/ci.md', () => {
  const quoted = commands();
  const all = quoted.map((words) => words.slice(words[0] === 'npx' ? 2 : 1));
  const gates = all.filter((a) => a[0] !== 'replay');
  const replays = all.filter((a) => a[0] === 'replay');

  it('runs each as npx cachelab, as the reports spell their replay commands (npx finds the local install)', () => {
    expect(quoted.filter((w) => w[0] !== 'npx').map((w) => w.join(' '))).toEqual([]);
  });

  it('quotes a check and an explore of the fix, each with --out, and a replay of each file', () => {
    expect(sorted(gates.map((a) => a[0]))).toEqual(['check', 'explore']);
    for (const a of gates) expect(a).toContain(FIX);
    for (const a of gates) expect(a).toContain('--out');
    expect(sorted(replays.map((a) => a[1]))).toEqual(sorted(gates.map(outOf)));
  });

  it("uploads exactly the files its commands write, in both CI snippets, and GitLab reads the JUnit reports", () => {
    const files = sorted(gates.map(outOf));
    const github = /path: \|\n((?:\s+\S+\n)+)/.exec(DOC)![1].trim().split(/\s+/).sort();
    const gitlab = /paths: \[([^\]]+)\]/.exec(DOC)![1].split(/,\s*/).sort();
    expect(github).toEqual(files);
    expect(gitlab).toEqual(files);
    const junit = /junit: \[([^\]]+)\]/.exec(DOC)![1].split(/,\s*/).sort();
    expect(junit).toEqual(sorted(gates.flatMap((a) => flagOf(a, '--junit'))));
    expect(junit).toHaveLength(2);
  });

  it('a fix that does not hold: exit 1, the files written, each replayed identically', async () => {
    const fix = 'examples/invalidate-in-transaction.ts';
    const files = new Map<string, string>();
    for (const argv of gates) {
      const r = await cli(withFix(argv, fix), files);
      expect(r.code, argv.join(' ')).toBe(1);
      for (const f of [outOf(argv), ...flagOf(argv, '--junit')]) expect(files.has(f), f).toBe(true);
      for (const f of flagOf(argv, '--junit')) expect(files.get(f)).toContain('<failure message="VIOLATED: ');
    }
    for (const argv of replays) {
      const r = await cli(withFix(argv, fix), files);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out).toContain('identical');
    }
  });

  it("a fix that holds: exit 0, no trace written, the JUnit reports without a failure", async () => {
    const files = new Map<string, string>();
    for (const argv of gates) expect((await cli(withFix(argv, 'examples/robust-app.ts'), files)).code, argv.join(' ')).toBe(0);
    expect([...files.keys()].sort()).toEqual(sorted(gates.flatMap((a) => flagOf(a, '--junit'))));
    for (const xml of files.values()) expect(xml).toMatch(/failures="0"/);
  });

  it("shows a last line the check prints", async () => {
    const shown = /```text\n\s*(VIOLATED: [^\n]+)\n/.exec(DOC)![1];
    const r = await cli(['check', 'commit-race', '--app', 'examples/invalidate-in-transaction.ts', '--out', 'counterexample.json']);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(shown);
  });

  it('names --json fields each report has', async () => {
    // "`violated`, `counterexampleFile` and `scenarios[].counterexample.replay` for check; ... for explore; with `--app` both add ..."
    const bullet = /- `--json` gives[\s\S]*?the exit codes are the same\./.exec(DOC)![0].replace(/\n\s*/g, ' ');
    const [checkPart, explorePart, bothPart] = /\((.*) for check; (.*) for explore; with `--app` both add (.*)\);/.exec(bullet)!.slice(1);
    const names = (part: string) => [...part.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const has = (report: unknown, path: string): boolean =>
      path.split('.').reduce<unknown[]>((vals, key) => vals.flatMap((v) => {
        const k = key.replace(/\[\]$/, '');
        const x = v !== null && typeof v === 'object' && k in v ? (v as Record<string, unknown>)[k] : undefined;
        return x === undefined ? [] : key.endsWith('[]') ? (x as unknown[]).filter((y) => y !== null) : [x];
      }), [report]).length > 0;
    const fix = 'examples/invalidate-in-transaction.ts';
    const check = JSON.parse((await cli(['check', 'commit-race', '--app', fix, '--json'])).out);
    const explore = JSON.parse((await cli(['explore', 'commit-race', '--app', fix, '--out', 'w.json', '--json'])).out);
    for (const n of [...names(checkPart), ...names(bothPart)]) expect(has(check, n), `check --json: ${n}`).toBe(true);
    for (const n of [...names(explorePart), ...names(bothPart)]) expect(has(explore, n), `explore --json: ${n}`).toBe(true);
    expect(names(checkPart).length + names(explorePart).length).toBeGreaterThanOrEqual(6);
  });

  it('its YAML jobs parse (GitHub and GitLab refuse a file that does not)', () => {
    const blocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(() => parse(b)).not.toThrow();
  });

  // The annotation's example quoted one run's times ("deleteMany at 134 ms ... COMMIT at 184 ms"),
  // typed by hand, which no fix in the page's job prints: the prose gives the line's form instead.
  it('types no run\'s virtual times in its prose (a quoted line shows its form, <ms>)', () => {
    const prose = DOC.replace(/```[\s\S]*?```/g, '');
    expect(prose.match(/\bat \d+ ms\b/g) ?? []).toEqual([]);
    expect(prose).toContain('cache.deleteMany at <ms> ms in work_item_delete on worker <n>');
  });
});
