// @vitest-environment jsdom
// The cache-key view for creates and edits: which cached answer for the requested range still holds
// the edited item's old version (or lacks the created item) after the view's invalidation, and
// whether it was stored before or after the write committed. It said "no delete in this run". An
// edited item is named by its new title, as the step sentences and the alert name it, with the old
// value the answer still holds beside it (it said 'old version of "Site visit"', the title before).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { analyzeKeys } from '../../viz/model/cacheKeys';
import { TraceIndex } from '../../viz/model/traceIndex';
import { renderCacheKeys } from '../../viz/ui/cacheKeyView';

const index = (name: string, preset: string) => new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');
const last = (x: TraceIndex) => x.events.length - 1;

describe('the cache-key view of a create or an edit', () => {
  it("names the key that keeps an edit's old version, stored before the edit committed", () => {
    const x = index('edit-reverts', 'broken');
    const a = analyzeKeys(x, last(x))!;
    expect([a.kind, a.user, a.itemTitle, a.oldTitle, a.commitT]).toEqual(['edit', 'A', 'Site visit (client)', 'Site visit', 184]);
    expect(a.answers).toEqual([
      { cache: 'cache:1', key: 'calendar_feed:1:None:None:2025-09-28:2025-11-09', feedVersion: null, holdsStale: true, oldValue: '"Site visit"', storedT: -881, storedBeforeCommit: true, survived: true, late: false, superseded: false },
    ]);
    expect(a.verdict).toContain('(stored at -881 ms, before the edit committed at 184 ms) survives the edit: it holds the old version of "Site visit (client)" (still "Site visit" there) and will be served again.');
    const root = document.createElement('article');
    renderCacheKeys(root, a, 'A', 0);
    expect(root.querySelector('h3')!.textContent).toBe('Run A: cache keys when A edits "Site visit (client)" (was "Site visit") at 0 ms');
    const answer = root.querySelector('[data-testid="cached-answer"]')!;
    expect(answer.getAttribute('data-state')).toBe('stale');
    expect(answer.textContent).toContain('◆ survives the edit · "Site visit (client)": still "Site visit" here · stored at -881 ms, before the edit committed at 184 ms');
  });

  it('says a cached answer lacks a created item, for the creator and the user who may see it', () => {
    const x = index('cross-user-create', 'broken');
    const a = analyzeKeys(x, last(x))!;
    expect([a.kind, a.user, a.itemTitle]).toEqual(['create', 'B', 'Planning day']);
    expect(a.answers.map((y) => [y.key, y.holdsStale, y.survived])).toEqual([
      ['calendar_feed:2:None:None:2025-09-28:2025-11-09', true, true],
      ['calendar_feed:1:None:None:2025-09-28:2025-11-09', true, true],
    ]);
    expect(a.verdict).toContain('survives the create: it lacks "Planning day" and will be served again.');
  });

  it('calls an old-version answer under a bumped version unreachable, where the fix holds', () => {
    const x = index('edit-reverts', 'robust');
    const a = analyzeKeys(x, last(x))!;
    expect(a.answers.map((y) => [y.holdsStale, y.superseded])).toEqual([[true, true]]);
    expect(a.verdict).toContain('on Django cache (LocMem, worker 1) holds the old version of "Site visit (client)" (still "Site visit" there), but the new version means no request reads it any more.');
    expect(a.verdict).not.toContain('will be served again');
  });

  it("says an edit that moved the item by the dates the answer still holds, and lists November's answer too", () => {
    const x = index('edit-across-month-boundary', 'broken');
    const a = analyzeKeys(x, last(x))!;
    expect([a.itemTitle, a.oldTitle]).toEqual(['Quarterly report', null]);
    expect(a.verdict).toContain('it holds the old version of "Quarterly report" (still dated 2025-10-27 to 2025-10-31 there)');
    // The requested range is October's grid; November's answer holds the old version as well.
    expect(a.elsewhere.map((y) => [y.start, y.end, y.key, y.holdsStale, y.superseded])).toEqual([['2025-10-26', '2025-12-07', 'calendar_feed:1:None:None:2025-10-26:2025-12-07', true, false]]);
    expect(a.verdict).toContain('Another range, 2025-10-26 → 2025-12-07: calendar_feed:1:None:None:2025-10-26:2025-12-07 on Django cache (LocMem, worker 1) (stored at -1881 ms, before the edit committed at 184 ms) holds the old version of "Quarterly report" (still dated 2025-10-27 to 2025-10-31 there), and a request for that range will be served it.');
    const root = document.createElement('article');
    renderCacheKeys(root, a, 'A', 0);
    const other = [...root.querySelectorAll('[data-testid="cached-elsewhere"]')];
    expect(other.map((li) => [li.getAttribute('data-state'), li.textContent?.startsWith('2025-10-26 → 2025-12-07: calendar_feed:1:None:None:2025-10-26:2025-12-07')])).toEqual([['stale', true]]);
  });

  it('says no other range holds a wrong copy where none does', () => {
    const x = index('edit-reverts', 'broken');
    const a = analyzeKeys(x, last(x))!;
    expect(a.elsewhere).toEqual([]);
    const root = document.createElement('article');
    renderCacheKeys(root, a, 'A', 0);
    expect(root.querySelector('[data-testid="cached-elsewhere-none"]')).not.toBeNull();
  });

  it('follows the step between an edit and a delete of one run', () => {
    const x = index('concurrent-edit-delete', 'broken');
    const edit = x.events.find((e) => e.type === 'user.edit')!;
    const del = x.events.find((e) => e.type === 'user.delete')!;
    const first = edit.seq < del.seq ? edit : del;
    const second = first === edit ? del : edit;
    expect(analyzeKeys(x, first.seq)!.kind).toBe(first === edit ? 'edit' : 'delete');
    const b = analyzeKeys(x, second.seq)!;
    expect([b.kind, b.ordinal, b.count, b.sameKind]).toEqual([second === edit ? 'edit' : 'delete', 2, 2, false]);
    const root = document.createElement('article');
    renderCacheKeys(root, b, 'A', 0);
    expect(root.querySelector('h3')!.textContent).toMatch(/\(change 2 of 2\)$/);
  });
});
