// What the keyboard hears for an event of the timing diagram (viz/ui/timingEventName.ts): the step
// as the step bar counts it, the time, the actors, what happened, and the row's own mark in its
// words; with the marks a waiting question hides left out, no more than the picture says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { TraceIndex } from '../../viz/model/traceIndex';
import { marksFor } from '../../viz/ui/timingDiagram';
import { eventName } from '../../viz/ui/timingEventName';
import { eventMark } from '../../viz/ui/timingLayout';

const ix = new TraceIndex(runScenario(getScenario('seed-broken')), 'A', 'seed-broken');

describe('eventName', () => {
  it('names the step from 1, the time, who sent it to whom and what happened', () => {
    const e = ix.events.find((x) => x.from && x.from !== x.actor)!;
    const name = eventName(ix, e.seq, e.seq + 1, marksFor(ix, e.seq, false), null);
    expect(name).toBe(`step ${e.seq + 1}, ${e.t} ms, ${ix.label(e.from!)} to ${ix.label(e.actor)}: ${e.label} (${e.type}).`);
    expect(eventName(ix, e.seq, 7, marksFor(ix, e.seq, false), 'B')).toMatch(/^Run B, step 7, /);
  });

  it("says the row's mark in the row's words: a come-back, a committed delete, a stale answer (unless hidden)", () => {
    const back = ix.trace.outcome.deletions[0].users[0].resurrections[0].seq;
    expect(eventName(ix, back, back + 1, marksFor(ix, back, true), null)).toContain(`${eventMark(marksFor(ix, back, true))!.words}: ${ix.events[back].label}`);
    expect(eventMark(marksFor(ix, back, true))!.words).toBe('item is back');
    const commit = ix.events.findIndex((_, s) => marksFor(ix, s, false).committed.length > 0);
    expect(eventName(ix, commit, commit + 1, marksFor(ix, commit, false), null)).toContain('Site visit deleted: ');
    const stale = ix.events.findIndex((_, s) => marksFor(ix, s, false).staleCopy);
    expect(stale).toBeGreaterThan(0);
    expect(eventName(ix, stale, stale + 1, marksFor(ix, stale, false), null)).toContain('stale: ');
    // While a question waits the diagram draws no stale mark, and the name says none either.
    expect(eventName(ix, stale, stale + 1, { ...marksFor(ix, stale, false), staleCopy: false }, null)).not.toContain('stale');
  });

  it('says a cause or an effect of the current step, and the worker that handled a request', () => {
    const e = ix.events.find((x) => x.type === 'http.request')!;
    const marks = { ...marksFor(ix, e.seq, false), causal: 'cause' as const, worker: { id: 'worker:1', tag: 'w1', label: 'Django worker 1' } };
    expect(eventName(ix, e.seq, 3, marks, null)).toMatch(/; handled by Django worker 1; a cause of the current step\.$/);
  });

  it("docs/visualizer.md's example is the name of seed-broken's delete, its uuid and status cut", () => {
    const e = ix.events.find((x) => x.type === 'db.delete')!;
    const quote = eventName(ix, e.seq, e.seq + 1, marksFor(ix, e.seq, false), null).replace(/ [0-9a-f-]{36} .* \((db\.delete)\)\.$/, ' … ($1)');
    expect(quote).toMatch(/^step \d+, \d+ ms, .* … \(db\.delete\)$/);
    expect(readFileSync('docs/visualizer.md', 'utf8').replace(/\s+/g, ' ')).toContain(`"${quote}" (seed-broken's delete)`);
  });
});
