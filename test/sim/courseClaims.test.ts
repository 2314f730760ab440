// Every claim the course makes about a fix carries its command and exit code; each command runs
// in-process here and must give that exit code. Pages are read as committed (the generated lesson
// pages are checked against their source by lessons.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claimMismatch, courseClaims, type CourseClaim } from '../../sim/lessons/courseClaims';
import { cli } from './cliHarness';

const DIR = 'docs/lessons';
const pages = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();
const claims: CourseClaim[] = pages.flatMap((f) => courseClaims(readFileSync(`${DIR}/${f}`, 'utf8'), `${DIR}/${f}`));

const exits = new Map<string, Promise<number>>();
function exitOf(argv: string[]): Promise<number> {
  const key = argv.join(' ');
  if (!exits.has(key)) exits.set(key, cli(argv).then((r) => r.code));
  return exits.get(key)!;
}

describe('course claims', () => {
  it('the course makes claims, and every one names its exit code', () => {
    expect(claims.length).toBeGreaterThanOrEqual(10);
    expect(claims.filter((c) => c.exit === null).map((c) => claimMismatch(c, -1))).toEqual([]);
  });

  it.each(claims.map((c) => [c.where, c.argv.join(' '), c] as const))('%s: %s', async (_where, _cmd, claim) => {
    expect(claimMismatch(claim, await exitOf(claim.argv))).toBeNull();
  }, 120_000);

  it('catches a wrong claim: the Redis counter said to hold on inflight-refetch', async () => {
    const [wrong] = courseClaims(
      'A shared counter fixes it: `npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000` (exit 0).',
      'example.md',
    );
    expect(wrong.exit).toBe(0);
    expect(claimMismatch(wrong, await exitOf(wrong.argv))).toMatch(/said to exit 0 \(no violation\) but exits 1/);
  }, 120_000);

  it('catches a command without an exit code', () => {
    const [bare] = courseClaims('Try `npx cachelab check all --config robust`.', 'example.md');
    expect(claimMismatch(bare, 0)).toMatch(/carries no "\(exit N\)"/);
  });
});
