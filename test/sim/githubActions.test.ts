// On GitHub Actions a failing check or explore also annotates the --app file (`::error`, on
// stderr) and appends a Markdown job summary; elsewhere neither appears, and stdout (the report,
// --json included) is the same bytes either way.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorAnnotation, usageErrorAnnotation, type CiVerdict } from '../../sim/cli/githubActions';
import { cli } from './cliHarness';

async function run(argv: string[], env: Record<string, string> | undefined, appendFails = false) {
  const files = new Map<string, string>();
  const r = await cli(argv, files, {
    env,
    appendFile: (p, t) => {
      if (appendFails) throw new Error('EACCES: permission denied');
      files.set(p, (files.get(p) ?? '') + t);
    },
  });
  return { code: r.code, out: r.out, err: r.err, summary: files.get('summary.md') ?? null };
}

const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: 'summary.md' };
const FAILING = ['check', 'commit-race', '--app', './examples/invalidate-in-transaction.ts'];

describe('check and explore on GitHub Actions', () => {
  it('a failing check: an ::error annotation on the app file, a job summary, and the same stdout', async () => {
    const plain = await run(FAILING, {});
    const gh = await run(FAILING, GITHUB);
    expect(gh.code).toBe(1);
    expect(gh.out).toBe(plain.out);
    const annotation = gh.err.split('\n').find((l) => l.startsWith('::'));
    expect(annotation).toMatch(/^::error file=examples\/invalidate-in-transaction\.ts,title=cachelab check::VIOLATED: commit-race \(read-your-delete, .*\); its counterexample's trace: counterexample\.json%0Aread-your-delete: Once a user/);
    expect(annotation).toContain('%0ATrace: counterexample.json (open it in cachelab');
    expect(annotation).toContain('%0Anpx cachelab replay counterexample.json --app ./examples/invalidate-in-transaction.ts');
    expect(annotation).not.toContain('cause:');
    // Where the stale copy came from is the fix's mistake: it is in the annotation.
    expect(annotation).toMatch(/%0A    stale copy: calendar_feed:v1:1:None:None:2025-09-28:2025-11-09 on cache:redis, read at \d+ ms, stored at \d+ ms by worker \d's work_items_calendar_feed .*, before the delete committed at \d+ ms%0A/);
    const summary = gh.summary!;
    expect(summary.split('\n').slice(0, 7)).toEqual([
      '### cachelab check: VIOLATED',
      '',
      '`cachelab check commit-race --app ./examples/invalidate-in-transaction.ts`',
      '',
      '| scenario | preset | verdict |',
      '|---|---|---|',
      expect.stringMatching(/^\| commit-race \| broken \| VIOLATED after \d+ run\(s\): read-your-delete/),
    ]);
    expect(summary).toContain('```sh\nnpx cachelab replay counterexample.json --app ./examples/invalidate-in-transaction.ts\n```');
    expect(summary.trimEnd().split('\n').at(-1)).toBe(plain.out.trimEnd().split('\n').at(-1));
    // Deterministic: the same run gives the same summary.
    expect((await run(FAILING, GITHUB)).summary).toBe(summary);
  });

  it('off GitHub Actions, neither; with --json, stdout stays the JSON report', async () => {
    const plain = await run(FAILING, { GITHUB_STEP_SUMMARY: 'summary.md' });
    expect(plain.err).not.toContain('::error');
    expect(plain.summary).toBeNull();
    const json = await run([...FAILING, '--json'], GITHUB);
    expect(JSON.parse(json.out).violated).toBe(true);
    expect(json.out).toBe((await run([...FAILING, '--json'], undefined)).out);
    expect(json.summary).toContain('### cachelab check: VIOLATED');
  });

  it('a run that holds: a summary that says ok, no annotation', async () => {
    const r = await run(['explore', 'seed-fixed', '--config', 'robust', '--max-states', '500'], GITHUB);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('::error');
    expect(r.summary).toContain('### cachelab explore: ok');
    expect(r.summary).toMatch(/\| seed-fixed \| robust \| ok \((exhaustive|not exhaustive: every schedule with at most \d+ deviation\(s\)); \d+ distinct states\) \|/);
  });

  it('a failing explore names its witness file and replay command', async () => {
    const r = await run(['explore', 'seed-broken', '--config', 'broken', '--max-states', '2000', '--out', 'w.json'], GITHUB);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^::error title=cachelab explore::VIOLATED: seed-broken .*\(its trace: w\.json\)%0A/m);
    expect(r.summary).toContain("The failing schedule's trace is `w.json`");
    expect(r.summary).toContain('npx cachelab replay seed-broken --config broken --choices nominal');
  });

  it("carries the report's notes: a view the app leaves to the built-in one judged that one, not the fix", async () => {
    const r = await run(['check', 'create-appears', '--app', 'examples/invalidate-on-commit.ts'], GITHUB);
    expect(r.code).toBe(1);
    expect(r.summary).toContain("```text\nNote: your app does not define these views, so the built-in ones answered their requests, with each scenario's preset; those verdicts judge the built-in view, not yours:\n  work_item_create: create-appears [broken]\n```");
  });

  it('a summary file the runner cannot take is one line; the verdict and exit code stand', async () => {
    const r = await run(FAILING, GITHUB, true);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cachelab check: could not append the job summary to $GITHUB_STEP_SUMMARY (summary.md): EACCES: permission denied');
    expect(r.err).not.toContain('internal error');
  });

  it('escapes what a workflow command would read as its own syntax', () => {
    const v: CiVerdict = { command: 'check', argv: [], verdict: 'VIOLATED: 100% of it', violated: true, rows: [], violation: 'a\n    b\n    cause: c\n    d', traceFile: null, replay: null, appFile: './fix,v2:a.ts', notes: [] };
    expect(errorAnnotation(v)).toBe('::error file=fix%2Cv2%3Aa.ts,title=cachelab check::VIOLATED: 100%25 of it%0Aa%0A    b%0A    d\n');
  });
});

describe('a slip in the --app file, on GitHub Actions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-gh-'));
  const annotationOf = (err: string) => err.split('\n').find((l) => l.startsWith('::'));

  it('a compile error: annotated on the file at its line and column, after the usual one line', async () => {
    const broken = join(dir, 'my-fix.ts');
    writeFileSync(broken, readFileSync('examples/robust-app.ts', 'utf8').replace('const version = yield* django.db.getVersion(VERSION_KEY);', 'const version = yield* django.db.getVersion(VERSION_KEY;'));
    const r = await run(['check', 'commit-race', '--app', broken], GITHUB);
    expect(r.code).toBe(2);
    const [line, annotation] = r.err.trimEnd().split('\n');
    expect(line).toMatch(/^cachelab check: cannot load app .*my-fix\.ts: it does not compile: .*my-fix\.ts:(\d+):(\d+): /);
    const [, l, c] = /my-fix\.ts:(\d+):(\d+)/.exec(line)!;
    expect(annotation).toBe(`::error file=${broken.replace(/:/g, '%3A').replace(/,/g, '%2C')},line=${l},col=${c},title=cachelab check::${line}`);
    expect((await run(['check', 'commit-race', '--app', broken], {})).err).not.toContain('::error');
  });

  it("an exception as the file loads: at the line the message names", async () => {
    const top = join(dir, 'top.ts');
    writeFileSync(top, 'export default {};\nthrow new Error("boom");\n');
    const r = await run(['explore', 'commit-race', `--app=${top}`], GITHUB);
    expect(r.code).toBe(2);
    expect(annotationOf(r.err)).toMatch(/^::error file=.*top\.ts,line=2,title=cachelab explore::cachelab explore: cannot load app .*: it threw Error: boom \(top\.ts, line 2, /);
  });

  it('a usage error of a command without --app: the one line only', async () => {
    const r = await run(['check', 'commit-racee'], GITHUB);
    expect(r.code).toBe(2);
    expect(annotationOf(r.err)).toBeUndefined();
    expect(usageErrorAnnotation('check', ['x', '--app', './f.ts'], 'cachelab check: a view slipped')).toBe('::error file=f.ts,title=cachelab check::cachelab check: a view slipped\n');
  });
});
