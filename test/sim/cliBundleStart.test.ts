// bin/cachelab.js starts the CLI from a cached bundle when there is a current one, else builds it
// under tsx; either way the output is what the sources print (here against the CLI in-process), and
// a bundle that cannot be imported falls back to the sources under tsx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cliHarness';

// A temporary directory of its own: no bundle of the CLI in it at first.
const tmp = mkdtempSync(join(tmpdir(), 'cachelab-bin-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cachelab(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['bin/cachelab.js', ...argv], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp }, timeout: 120_000 });
}

const bundles = (): string[] => readdirSync(tmp).flatMap((d) => readdirSync(join(tmp, d)).filter((f) => /^cliMain-.*\.mjs$/.test(f)).map((f) => join(tmp, d, f)));

describe('bin/cachelab.js', () => {
  it('builds the bundle on its first run, runs from it after, and prints what the sources print', async () => {
    const expected = await cli(['run', 'seed-broken', '--format', 'timing']);
    expect(expected.code).toBe(0);
    expect(bundles()).toEqual([]);
    const first = cachelab('run', 'seed-broken', '--format', 'timing');
    expect(first.stdout).toBe(expected.out);
    expect(first.status).toBe(0);
    expect(bundles()).toHaveLength(1);
    const second = cachelab('run', 'seed-broken', '--format', 'timing');
    expect(second.stdout).toBe(expected.out);
    expect(bundles()).toHaveLength(1);
  });

  it('falls back to the sources under tsx when the bundle cannot be imported', async () => {
    const expected = await cli(['scenarios']);
    cachelab('--help');
    for (const file of bundles()) writeFileSync(file, "throw new Error('not a bundle');\n");
    const r = cachelab('scenarios');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected.out);
    expect(r.status).toBe(0);
  });

  it('a usage error still exits 2 with one line', () => {
    const r = cachelab('explore', 'no-such-scenario');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
