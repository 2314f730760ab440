// The cache-key view's account of the answers cached for the requested range: a per-user version
// bump (the seed's fix 2) leaves another user's entry readable, and an answer stored while the
// change's request ran is listed too. It called every older-version entry unreachable after any
// bump (cross-user-delete under seed-fix: the very entry that brings A's item back), and listed
// nothing when the entry was stored after the view began (commit-race: "Nothing was cached").
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { analyzeKeys } from '../../viz/model/cacheKeys';
import { TraceIndex } from '../../viz/model/traceIndex';

const deleteOf = (name: string, preset: string) => {
  const x = new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');
  return analyzeKeys(x, x.events.find((e) => e.type === 'user.delete')!.seq)!;
};

describe('the cache-key view and the feed version', () => {
  it("keeps another user's entry readable after a per-user bump", () => {
    const a = deleteOf('cross-user-delete', 'seed-fix');
    expect(a.answers.map((x) => [x.key, x.superseded])).toEqual([
      ['calendar_feed:v0:2:None:None:2025-09-28:2025-11-09', true],
      ['calendar_feed:v0:1:None:None:2025-09-28:2025-11-09', false],
    ]);
    expect(a.verdict).toContain('The answer cached as calendar_feed:v0:1:None:None:2025-09-28:2025-11-09 on Django cache (LocMem, worker 1) (stored at -880 ms, before the delete committed at 184 ms) survives with "Team offsite" and will be served again.');
  });

  it('calls an entry under a moved global counter unreachable', () => {
    const a = deleteOf('cross-user-delete', 'robust');
    expect(a.answers.every((x) => !x.survived || x.superseded)).toBe(true);
    expect(a.verdict).not.toContain('will be served again');
  });

  it('lists an answer stored while the delete ran, before its commit', () => {
    const a = deleteOf('commit-race', 'broken');
    expect(a.answers.map((x) => [x.late, x.holdsStale, x.storedT, x.storedBeforeCommit])).toEqual([[true, true, 119, true]]);
    expect(a.verdict).toContain('was stored while the delete ran (stored at 119 ms, before the delete committed at 194 ms): it holds "Site visit" and will be served again.');
  });
});
