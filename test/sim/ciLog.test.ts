// What a CI log shows of a failing check or explore: a failed step opens at its end, so the last
// line says the verdict again (which scenario, which invariants, where the trace is, or the
// shortest witness's replay command), and nothing in a log off a terminal is an escape sequence.
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;
const ESCAPE = /\u001b/;

describe('the last line of a failing report, off a terminal', () => {
  it('check of one scenario: the scenario, its invariants and the trace file', async () => {
    const r = await cli(['check', 'commit-race', '--app', 'examples/invalidate-in-transaction.ts', '--out', 'ce.json']);
    expect(r.code).toBe(1);
    expect(lastLine(r.out)).toBe("VIOLATED: commit-race (read-your-delete, fresh-after-commit, fresh-render, convergence); its counterexample's trace: ce.json");
    expect(r.files.has('ce.json')).toBe(true);
    expect(r.out + r.err).not.toMatch(ESCAPE);
  });

  it('check all: how many scenarios failed of how many, each named, and whose trace the file holds', async () => {
    const r = await cli(['check', 'all', '--config', 'broken', '--runs', '5']);
    expect(r.code).toBe(1);
    expect(lastLine(r.out)).toMatch(/^VIOLATED: 23 of 24 scenario\(s\): seed-broken, seed-broken-id-mismatch, .*, incident-stale-set; seed-broken's counterexample's trace: counterexample\.json$/);
    expect(r.out + r.err).not.toMatch(ESCAPE);
  });

  it("explore: the invariants and the shortest witness's replay command, after the app's notes", async () => {
    const r = await cli(['explore', 'create-appears', '--app', 'examples/invalidate-on-commit.ts', '--max-states', '3000']);
    expect(r.code).toBe(1);
    // The app leaves the create view to the built-in one: that note comes before the verdict.
    expect(r.out).toContain('your app does not define these views');
    expect(lastLine(r.out)).toMatch(/^VIOLATED: create-appears \(read-your-writes.*\); the shortest witness: npx cachelab replay create-appears --app examples\/invalidate-on-commit\.ts --config broken --choices nominal$/);
    expect(r.out + r.err).not.toMatch(ESCAPE);
  });

  it("explore --out: the shortest witness's trace, the one its replay command runs, for a CI artifact", async () => {
    const r = await cli(['explore', 'seed-broken', '--config', 'broken', '--max-states', '2000', '--out', 'w.json']);
    expect(r.code).toBe(1);
    expect(lastLine(r.out)).toBe(
      'VIOLATED: seed-broken (read-your-delete, fresh-after-commit, fresh-render, convergence); the shortest witness: npx cachelab replay seed-broken --config broken --choices nominal (its trace: w.json)',
    );
    const replayed = await cli(['replay', 'seed-broken', '--config', 'broken', '--choices', 'nominal', '--out', 'r.json']);
    expect(r.files.get('w.json')).toBe(replayed.files.get('r.json'));
    expect((await cli(['replay', 'w.json'], r.files)).code).toBe(0);
    const json = JSON.parse((await cli(['explore', 'seed-broken', '--config', 'broken', '--max-states', '2000', '--out', 'w.json', '--json'])).out);
    expect(json.witnessFile).toBe('w.json');
    // Nothing found, nothing written.
    const held = await cli(['explore', 'seed-fixed', '--config', 'robust', '--max-states', '500', '--out', 'w.json', '--json']);
    expect(held.code).toBe(0);
    expect(JSON.parse(held.out).witnessFile).toBeNull();
    expect(held.files.has('w.json')).toBe(false);
  });

  it('a report that holds keeps its last line', async () => {
    const r = await cli(['check', 'seed-fixed', '--config', 'robust', '--runs', '5']);
    expect(r.code).toBe(0);
    expect(lastLine(r.out)).toBe('No invariant was violated.');
  });
});
