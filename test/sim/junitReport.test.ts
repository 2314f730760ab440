// --junit FILE: check's and explore's verdicts as JUnit XML, for CI systems that show test results
// (GitLab's merge request widget): a case per scenario, a failure with the violation and its
// replay command, the same bytes for the same run, and text that XML can hold.
import { describe, expect, it } from 'vitest';
import { junitReport } from '../../sim/cli/junitReport';
import { cli } from './cliHarness';

const cases = (xml: string) => [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"(\/>|>\n\s*<(failure|skipped) message="([^"]*)")/g)].map((m) => ({ suite: m[1], name: m[2], kind: m[4] ?? 'ok', message: m[5] ?? null }));

describe('--junit', () => {
  it('check all: one case per scenario, a failure for each that failed, with its replay command', async () => {
    const files = new Map<string, string>();
    const r = await cli(['check', 'all', '--config', 'broken', '--runs', '5', '--junit', 'check.xml'], files);
    expect(r.code).toBe(1);
    const xml = files.get('check.xml')!;
    expect(xml.split('\n').slice(0, 3)).toEqual(['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="cachelab check" tests="24" failures="23" skipped="0">', '  <testsuite name="cachelab check" tests="24" failures="23" skipped="0">']);
    const found = cases(xml);
    expect(found).toHaveLength(24);
    expect(found.filter((c) => c.kind === 'ok').map((c) => c.name)).toEqual(['cache-pressure']);
    expect(found[0]).toEqual({ suite: 'cachelab check', name: 'seed-broken', kind: 'failure', message: expect.stringMatching(/^VIOLATED: read-your-delete/) });
    expect(xml).toContain('npx cachelab replay counterexample.json\nnpx cachelab replay seed-broken --config broken --choices nominal</failure>');
    expect(xml).toContain('&lt;- user.delete');
    // Deterministic: no time, no host.
    const again = new Map<string, string>();
    await cli(['check', 'all', '--config', 'broken', '--runs', '5', '--junit', 'check.xml'], again);
    expect(again.get('check.xml')).toBe(xml);
  });

  it('check that holds, stopped before a scenario: passing and skipped cases, written all the same', async () => {
    const files = new Map<string, string>();
    const r = await cli(['check', 'all', '--config', 'broken', '--runs', '5', '--stop-at-first', '--junit', 'j.xml'], files);
    expect(r.code).toBe(1);
    const found = cases(files.get('j.xml')!);
    expect(found[0].kind).toBe('failure');
    expect(found.slice(1).every((c) => c.kind === 'skipped')).toBe(true);
    const held = new Map<string, string>();
    expect((await cli(['check', 'seed-fixed', '--config', 'robust', '--runs', '5', '--junit', 'j.xml'], held)).code).toBe(0);
    expect(cases(held.get('j.xml')!)).toEqual([{ suite: 'cachelab check', name: 'seed-fixed', kind: 'ok', message: null }]);
  });

  it('explore: one case, failed with the shortest witness', async () => {
    const files = new Map<string, string>();
    expect((await cli(['explore', 'seed-broken', '--config', 'broken', '--max-states', '2000', '--junit', 'e.xml'], files)).code).toBe(1);
    const xml = files.get('e.xml')!;
    expect(cases(xml)).toEqual([{ suite: 'cachelab explore', name: 'seed-broken', kind: 'failure', message: 'VIOLATED: read-your-delete, fresh-after-commit, fresh-render, convergence' }]);
    expect(xml).toContain('npx cachelab replay seed-broken --config broken --choices nominal</failure>');
  });

  it('escapes markup and writes what XML 1.0 cannot hold as \\xNN', () => {
    const xml = junitReport('s', [{ scenario: 'a"<b>&c', failure: { message: 'm\u0007', detail: 'x < y & z\u001b[0m' } }]);
    expect(xml).toContain('name="a&quot;&lt;b&gt;&amp;c"');
    expect(xml).toContain('<failure message="m\\x07">x &lt; y &amp; z\\x1b[0m</failure>');
  });
});
