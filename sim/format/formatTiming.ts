// `--format timing`: a table like the seed's "Timing Diagram": ms, actor, what happened.
import type { Trace } from '../trace';
import { formatHeader, formatOutcome } from './formatOutcome';

export function formatTiming(trace: Trace): string {
  const actorWidth = Math.max(5, ...trace.actors.map((a) => a.id.length));
  const rows = trace.events.map((e) => `${String(e.t).padStart(7)}  ${e.actor.padEnd(actorWidth)}  ${e.label}`);
  return [formatHeader(trace), '', `${'ms'.padStart(7)}  ${'actor'.padEnd(actorWidth)}  what happened`, ...rows, '', formatOutcome(trace), ''].join('\n');
}
