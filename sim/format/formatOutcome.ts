// The outcome block every format ends with.
import type { Trace } from '../trace';
import { traceFacts } from '../invariants/traceFacts';
import { wrongWriteRenders, writeOutcomeLines } from '../writeOutcome';

export function formatOutcome(trace: Trace): string {
  const o = trace.outcome;
  const lines = ['Outcome:'];
  const facts = traceFacts(trace);
  // A run without creates or edits prints exactly what it always did (the golden texts).
  const writes = writeOutcomeLines(facts);
  const summary = writes.length && o.deletions.length === 0 ? o.summary.filter((s) => s !== 'no item was deleted in this run') : o.summary;
  for (const s of [...summary, ...writes]) lines.push(`  - ${s}`);
  lines.push(`  ${o.staleRenders} of ${o.renders} render(s) showed an item the committed database no longer had.`);
  if (facts.writes.length) lines.push(`  ${wrongWriteRenders(facts)} of ${o.renders} render(s) showed a created or edited item wrong: an older version than the committed one, or missing.`);
  return lines.join('\n');
}

export function formatHeader(trace: Trace): string {
  const seed = trace.seed === null ? 'nominal schedule' : `seed ${trace.seed}`;
  const sets = trace.overrides.length ? ` --set ${trace.overrides.join(' --set ')}` : '';
  return `Scenario ${trace.scenario}: ${trace.description}\nConfig ${trace.preset}${sets}; ${seed}; virtual 0 ms = ${trace.epoch}`;
}
