// The seed's timelines, computed from runs (never typed-in results): the milestones of its fixed
// flow, and the two branches of its broken flow.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Trace, TraceEvent } from '../../sim/trace';

const find = (t: Trace, pred: (e: TraceEvent) => boolean) => t.events.find(pred);

describe('seed-fixed lands on the seed timing diagram', () => {
  const t = runScenario(getScenario('seed-fixed'));
  const del = find(t, (e) => e.type === 'htmx.request')!;
  const response = find(t, (e) => e.type === 'http.response' && e.causeId !== null && e.t > del.t)!;
  const removed = find(t, (e) => e.type === 'calendar.render' && String(e.payload.why).startsWith('event.remove()'))!;
  const refetch = find(t, (e) => e.type === 'calendar.fetch' && e.t > removed.t)!;
  const fresh = find(t, (e) => e.type === 'calendar.render' && e.t > refetch.t && !e.payload.transient)!;

  it.each([
    ['DELETE sent', () => del.t, 50],
    ['DELETE response received', () => response.t, 200],
    ['item gone from the calendar', () => removed.t, 210],
    ['background refetch sent', () => refetch.t, 220],
    ['fresh data rendered', () => fresh.t, 350],
  ])('%s at the seed\'s milestone', (_name, actual, expected) => {
    expect(actual()).toBe(expected);
  });

  it('the fresh render does not show the deleted item and it stays gone', () => {
    expect(fresh.payload.items).not.toContain(t.outcome.deletions[0].item);
    expect(t.outcome.deletions[0].users[0].resurrections).toEqual([]);
    expect(t.outcome.deletions[0].users[0].shownAtEnd).toBe(false);
  });
});

describe("seed-broken: the item disappears, then the next fetch brings it back from Django's cache", () => {
  const t = runScenario(getScenario('seed-broken'));
  const u = t.outcome.deletions[0].users[0];
  it('vanishes after the listener removes it, and comes back', () => {
    expect(u.vanishedAt).not.toBeNull();
    expect(u.resurrections.length).toBeGreaterThan(0);
    expect(u.resurrections[0].t).toBeGreaterThan(u.vanishedAt!);
  });
  it('the resurrection is caused by a server cache hit, not the browser', () => {
    const chain = u.resurrections[0].causeSeqs.map((s) => t.events[s]);
    expect(chain.some((e) => e.type === 'cache.get' && e.payload.hit === true)).toBe(true);
    expect(chain.some((e) => e.type === 'http.cacheHit')).toBe(false);
  });
  it("the month-boundary loop deletes no key the calendar actually used", () => {
    const loop = find(t, (e) => e.type === 'cache.deleteMany')!;
    expect((loop.payload.keys as string[]).length).toBe(100);
    expect(loop.payload.deleted).toEqual([]);
  });
});

describe('seed-broken-id-mismatch: the listener finds nothing, refetches, and the item never disappears', () => {
  const t = runScenario(getScenario('seed-broken-id-mismatch'));
  it('getEventById tried the four formats and found none', () => {
    const l = find(t, (e) => e.type === 'page.workItemDeleted')!;
    expect((l.payload.tried as string[]).length).toBe(4);
    expect(l.payload.found).toBeNull();
  });
  it('never vanished', () => {
    const u = t.outcome.deletions[0].users[0];
    expect(u.vanishedAt).toBeNull();
    expect(u.shownAtEnd).toBe(true);
  });
});

describe('seed test cases under the seed\'s fixes', () => {
  it.each(['seed-test-1', 'seed-test-2', 'seed-test-3'])('%s: the item stays gone', (name) => {
    const t = runScenario(getScenario(name));
    for (const u of t.outcome.deletions[0].users) {
      expect(u.resurrections).toEqual([]);
      expect(u.shownAtEnd).toBe(false);
    }
  });
  it('seed-test-2: the refetch request carries no-cache and the response never_cache headers', () => {
    const t = runScenario(getScenario('seed-test-2'));
    const refetch = t.events.filter((e) => e.type === 'http.send' && String(e.payload.url).includes('/feed/'))[1];
    expect(refetch.payload.headers).toMatchObject({ 'cache-control': 'no-cache', pragma: 'no-cache' });
    const answer = t.events.find((e) => e.type === 'http.respond' && e.payload.requestId === refetch.payload.requestId)!;
    expect((answer.payload.headers as Record<string, string>)['cache-control']).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
  });
  it('seed-test-1 under broken: F5 brings the item back', () => {
    const t = runScenario(getScenario('seed-test-1'), { preset: 'broken' });
    expect(t.outcome.deletions[0].users[0].shownAtEnd).toBe(true);
  });
});
