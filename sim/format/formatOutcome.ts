// The outcome block every format ends with.
import type { Trace } from '../trace';

export function formatOutcome(trace: Trace): string {
  const o = trace.outcome;
  const lines = ['Outcome:'];
  for (const s of o.summary) lines.push(`  - ${s}`);
  lines.push(`  ${o.staleRenders} of ${o.renders} render(s) showed an item the committed database no longer had.`);
  return lines.join('\n');
}

export function formatHeader(trace: Trace): string {
  const seed = trace.seed === null ? 'nominal schedule' : `seed ${trace.seed}`;
  const sets = trace.overrides.length ? ` --set ${trace.overrides.join(' --set ')}` : '';
  return `Scenario ${trace.scenario}: ${trace.description}\nConfig ${trace.preset}${sets}; ${seed}; virtual 0 ms = ${trace.epoch}`;
}
