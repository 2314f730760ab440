// The flow view's narration: one line per step, derived from the trace event and its causes.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';
import type { Trace } from '../../sim/trace';
import { narrate, workerOf } from '../../viz/model/narration';
import { TraceIndex } from '../../viz/model/traceIndex';

const index = (t: Trace) => new TraceIndex(t, 'A', 'test');

/** The feed answer that served the item which came back (the http.respond in the first resurrection's causes). */
function servingRespond(t: Trace) {
  const r = t.outcome.deletions[0].users[0].resurrections[0];
  return r.causeSeqs.map((s) => t.events[s]).find((e) => e.type === 'http.respond')!;
}

describe('narration', () => {
  it('names the worker of every HTTP event in the two-worker reload with page-load requests', () => {
    const t = runScenario(getScenario('two-worker-reload'), { overrides: ['page.loadRequests=true'] });
    const ix = index(t);
    const http = t.events.filter((e) => ['http.request', 'http.respond', 'http.response'].includes(e.type));
    expect(new Set(http.map((e) => e.payload.worker)).size).toBe(2);
    for (const e of http) {
      const n = narrate(ix, e.seq);
      expect(n.worker, `${e.seq}`).toBe(`worker:${e.payload.worker}`);
      expect(n.text, `${e.seq}`).toContain(ix.label(n.worker!));
    }
    // A request on the network has no worker yet.
    for (const e of t.events.filter((x) => x.type === 'http.send')) expect(workerOf(ix, e)).toBeNull();
  });

  it('says where the answer that brought the item back came from: a LocMem copy stored before the delete', () => {
    const t = runScenario(getScenario('two-worker-reload'), { overrides: ['page.loadRequests=true'] });
    const ix = index(t);
    const respond = servingRespond(t);
    const hit = [...t.events].reverse().find((e) => e.seq < respond.seq && e.type === 'cache.get' && e.actor === `cache:${respond.payload.worker}`)!;
    expect(hit.payload.hit).toBe(true);
    const stored = [...t.events].reverse().find((e) => e.seq < hit.seq && e.type === 'cache.set' && e.actor === hit.actor && e.payload.key === hit.payload.key)!;
    const d = ix.deletions[0];
    expect(stored.seq).toBeLessThan(d.commitSeq);
    const text = narrate(ix, respond.seq).text;
    expect(text).toContain(`Django worker ${respond.payload.worker} answers the feed`);
    expect(text).toContain(`from its LocMem copy, stored at ${stored.t} ms, before the delete committed at ${d.commitT} ms`);
    expect(text).toContain(`still lists "${d.title}"`);
  });

  it('names the shared Redis copy, and the database on a miss', () => {
    const t = runScenario(getScenario('seed-broken'), { overrides: ['deploy.cacheBackend=redis'] });
    const ix = index(t);
    expect(narrate(ix, servingRespond(t).seq).text).toContain('from the shared Redis copy');
    const first = t.events.find((e) => e.type === 'http.respond' && e.payload.kind === 'feed')!;
    expect(narrate(ix, first.seq).text).toContain('from the database (a cache miss)');
  });

  it('is the same text for the same step of two identical runs, and readable for every event of every scenario', () => {
    for (const s of SCENARIOS) {
      const a = index(runScenario(s));
      const b = index(runScenario(s));
      for (let i = 0; i < a.events.length; i++) {
        const n = narrate(a, i);
        expect(n.text, `${s.name} ${i}`).toBe(narrate(b, i).text);
        expect(n.text, `${s.name} ${i}`).not.toMatch(/undefined|\[object|null ms|NaN/);
        const e = a.events[i];
        if (e.from && e.from !== e.actor) expect([n.from, n.to]).toEqual([e.from, e.actor]);
      }
    }
  });

  it('falls back to the trace label for an event kind it does not know', () => {
    const t = runScenario(getScenario('seed-broken'));
    const e = t.events[3];
    t.events[3] = { ...e, type: 'future.kind', label: 'something new happens', from: 'worker:1', actor: 'db' };
    const n = narrate(index(t), 3);
    expect(n.text).toContain('something new happens');
    expect(n.text).toContain('Django worker 1');
    // A step with no message names the one layer that acts.
    const self = t.events.find((x) => !x.from && x.type === 'calendar.render')!;
    expect(narrate(index(t), self.seq).text).toContain(`${index(t).label(self.actor)} acts on its own`);
  });
});
