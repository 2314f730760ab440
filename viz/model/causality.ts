// Causes and effects of an event, from the trace's `causeId` links: its causes are the chain back
// to the scenario step that started it; its effects are every event whose chain passes through it.
import type { TraceEvent } from '../../sim/trace';

const children = new WeakMap<readonly TraceEvent[], number[][]>();

function childrenOf(events: readonly TraceEvent[]): number[][] {
  let c = children.get(events);
  if (!c) {
    c = events.map(() => []);
    for (const e of events) if (e.causeId !== null && e.causeId >= 0 && e.causeId < events.length && e.causeId !== e.seq) c[e.causeId].push(e.seq);
    children.set(events, c);
  }
  return c;
}

export interface Causal {
  causes: Set<number>;
  effects: Set<number>;
}

export function causalOf(events: readonly TraceEvent[], seq: number): Causal {
  const causes = new Set<number>();
  for (let cur = events[seq]?.causeId ?? null; cur !== null && cur >= 0 && !causes.has(cur) && causes.size < 10_000; cur = events[cur]?.causeId ?? null) causes.add(cur);
  const effects = new Set<number>();
  const kids = childrenOf(events);
  const stack = [...(kids[seq] ?? [])];
  while (stack.length && effects.size < 10_000) {
    const s = stack.pop()!;
    if (effects.has(s)) continue;
    effects.add(s);
    stack.push(...kids[s]);
  }
  return { causes, effects };
}
