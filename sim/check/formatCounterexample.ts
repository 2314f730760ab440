// A counterexample for people: the invariants it breaks (statement first), the choices that differ
// from the documented schedule, the run as a timing table with the violation's cause chain marked,
// and the exact commands that replay it.
import { describeChain, causeChain } from '../causeChain';
import type { Violation } from '../invariants/index';
import { describeStaleness } from '../invariants/staleness';
import type { Trace } from '../trace';
import { shellWord } from '../cli/shellWord';
import { nonNominalChoices } from './describeChoices';
import { staleSource } from './staleSource';
import type { ScriptedRun } from './scriptedRun';

/** The user's own views in a replay command: " --app F" (or ""), and how many of the trace's overrides are their config. */
export interface ReplayApp {
  flag: string;
  configCount: number;
}

const NO_APP: ReplayApp = { flag: '', configCount: 0 };

/**
 * `scenarioRef`: the scenario's name, or `--scenario-file F` for a scenario read from a file;
 * `app`: the --app the run used. Its config is left out of the --set flags, since --app applies
 * it again (printed, each replay of the command printed one more copy of it).
 */
export function replayCommands(trace: Trace, script: readonly number[], file: string | null, scenarioRef = trace.scenario, app: ReplayApp = NO_APP): string[] {
  const sets = trace.overrides.slice(app.configCount).map((o) => ` --set ${o}`).join('');
  const appFlag = app.flag;
  const lines: string[] = [];
  const fromFile = scenarioRef === trace.scenario ? '' : ` ${scenarioRef}`;
  if (file) lines.push(`npx cachelab replay ${shellWord(file)}${fromFile}${appFlag}`);
  lines.push(`npx cachelab replay ${scenarioRef}${appFlag} --config ${trace.preset}${sets} --choices ${script.length ? script.join(',') : 'nominal'}`);
  return lines;
}

export function formatViolation(trace: Trace, v: Violation): string {
  const who = v.user ? `user ${v.user}` : 'no user';
  const title = trace.outcome.deletions.find((d) => d.item === v.item)?.title ?? (v.item ? v.item : 'no item');
  const until = v.endT === null ? 'never ended within the run' : `until ${v.endT} ms`;
  const lasted = v.staleUntil ? `; stale for ${describeStaleness({ staleUntil: v.staleUntil, staleMs: v.staleMs ?? null, untilT: v.untilT ?? null })}` : '';
  const chain = v.causeSeqs.length ? describeChain(causeChain(trace.events, v.causeSeqs[0])) : '';
  const source = staleSource(trace, v).map((l) => `\n    ${l}`).join('');
  return `${v.invariant}: ${v.statement}\n    ${who}, "${title}": stale from ${v.startT} ms, ${until}${lasted}\n    cause: ${chain}${source}`;
}

/** The timing table; rows on the first violation's cause chain are marked with '>'. */
export function formatMarkedTiming(trace: Trace, marked: ReadonlySet<number>): string {
  const actorWidth = Math.max(5, ...trace.actors.map((a) => a.id.length));
  const rows = trace.events.map((e) => `${marked.has(e.seq) ? '>' : ' '} ${String(e.t).padStart(7)}  ${e.actor.padEnd(actorWidth)}  ${e.label}`);
  return [`  ${'ms'.padStart(7)}  ${'actor'.padEnd(actorWidth)}  what happened`, ...rows].join('\n');
}

export function formatCounterexample(run: ScriptedRun, script: readonly number[], file: string | null, scenarioRef?: string, app: ReplayApp = NO_APP): string {
  const trace = run.trace;
  const lines: string[] = [];
  const sets = trace.overrides.length ? ` --set ${trace.overrides.join(' --set ')}` : '';
  lines.push(`Counterexample in ${trace.scenario} (config ${trace.preset}${sets}): ${run.violations.length} violation(s)`);
  for (const v of run.violations) lines.push(`  ${formatViolation(trace, v)}`);
  const changed = nonNominalChoices(run.points, trace.choices);
  lines.push('', `Schedule: ${changed.length} choice(s) differ from the nominal one, out of ${trace.choices.length} choice points${changed.length ? ':' : ' (the documented schedule fails on its own)'}`);
  for (const c of changed) lines.push(`  ${c}`);
  const marked = new Set(run.violations[0]?.causeSeqs ?? []);
  lines.push('', `Timing (${trace.events.length} events; '>' marks the chain that led to the first violation):`, formatMarkedTiming(trace, marked));
  lines.push('', 'Replay:', ...replayCommands(trace, script, file, scenarioRef, app).map((c) => `  ${c}`));
  return lines.join('\n') + '\n';
}
