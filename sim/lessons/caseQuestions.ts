// Questions about another run than the lesson's own: an ablation case (sim/lessons/ablation.ts)
// on its replayable schedule. "How long is it stale?" is answered from the case's violations,
// and the reveal carries the replay command with its exit code (a course claim).
import { BASE_CONFIG } from '../../src/config';
import { nonNominalChoices } from '../check/describeChoices';
import { scriptedRun } from '../check/scriptedRun';
import { longestStale } from '../invariants/staleness';
import { getScenario } from '../scenarios/index';
import type { Trace } from '../trace';
import { ABLATION, caseViolations, replayCommand, SEED_FIX_CASES, type StaleCase } from './ablation';
import type { Question } from './types';
import { reloadMsOf } from './reloadTime';
import { deleteViewEvents, excerptLines } from './traceQueries';

export const STALE_KINDS = [
  'Nothing breaks',
  'Stale for a window: until a later answer is fresh',
  `Stale until the cached entry's TTL (the feed's cache.set timeout: ${BASE_CONFIG['feed.cacheTtlS']} s)`,
  'Stale to the end of the run: nothing bounds it',
];

export function caseById(id: string): StaleCase {
  const k = [...ABLATION, ...SEED_FIX_CASES].find((x) => x.id === id);
  if (!k) throw new Error(`no ablation case ${id}`);
  return k;
}

const traces = new Map<string, Trace>();
export function caseTrace(k: StaleCase): Trace {
  if (!traces.has(k.id)) traces.set(k.id, scriptedRun(getScenario(k.scenario), { preset: k.preset, overrides: k.overrides }, k.choices).trace);
  return traces.get(k.id)!;
}

export function staleKind(k: StaleCase): number {
  const vs = caseViolations(k);
  if (!vs.length) return 0;
  const v = longestStale(vs);
  return v.staleUntil === 'window' ? 1 : v.staleUntil === 'ttl' ? 2 : 3;
}

export function revealCase(k: StaleCase, why: string): string {
  const vs = caseViolations(k);
  const said = vs.length
    ? vs.map((v) => `${v.invariant} for ${v.user} from ${v.startT} ms, ${v.staleUntil === 'window' ? `a window of ${v.staleMs} ms` : v.staleUntil === 'ttl' ? `until the TTL, ${v.staleMs} ms` : 'to the end of the run'}`).join('; ')
    : 'no invariant breaks';
  return `${said}: \`${replayCommand(k)}\` (exit ${vs.length ? 1 : 0}). ${why}`;
}

/** The case's schedule as its deviations from the nominal one, in the words check and replay print ("#0 A refetch at 190 ms: 20 ms later"). */
export function caseDeviations(k: StaleCase): string[] {
  const r = scriptedRun(getScenario(k.scenario), { preset: k.preset, overrides: k.overrides }, k.choices);
  return nonNominalChoices(r.points, r.trace.choices);
}

/**
 * How many cache statements on the version counter the delete view runs after its DELETE, up to
 * the one that moves the counter (get then set: 2; add then incr: 2): the gap a reader can fall in.
 */
export function statementsToBump(t: Trace): number {
  // The delete view's own statements only: a reader's counter read in the gap is not one of them.
  const view = deleteViewEvents(t);
  const del = view.find((e) => e.type === 'db.delete');
  if (!del) throw new Error(`${t.scenario}: no DELETE`);
  let n = 0;
  for (const e of view) {
    if (e.seq <= del.seq || !e.type.startsWith('cache.') || !String(e.payload.key ?? '').startsWith('calendar_feed_version')) continue;
    n++;
    if (e.type === 'cache.set' || e.type === 'cache.incr') return n;
  }
  throw new Error(`${t.scenario}: the counter never moves after the DELETE`);
}

const WORDS = ['no', 'a', 'two', 'three', 'four', 'five'];
/** "two statements later", from the case's run. */
export function bumpAfterWords(k: StaleCase): string {
  const n = statementsToBump(caseTrace(k));
  return `${WORDS[n] ?? String(n)} statement${n === 1 ? '' : 's'} later`;
}

/**
 * Did the stale feed answer of the case's first violation come from an entry already in the cache
 * (a hit under the old version), or did that request read the rows and cache them itself (a miss)?
 */
export function staleFeedRead(k: StaleCase): 'hit' | 'miss' {
  const t = caseTrace(k);
  const v = caseViolations(k)[0];
  if (!v) throw new Error(`${k.id}: no violation`);
  const get = v.causeSeqs.map((s) => t.events[s]).find((e) => e.type === 'cache.get' && String(e.payload.key).startsWith('calendar_feed:'));
  if (!get) throw new Error(`${k.id}: the stale answer's chain reads no feed key`);
  return get.payload.hit === true ? 'hit' : 'miss';
}

/** What the reader in the gap does, in words, from the case's run. */
export function staleReaderWords(k: StaleCase): string {
  return staleFeedRead(k) === 'hit'
    ? 'reads the old version and is served the old list still cached under it'
    : 'reads the old version, misses, and caches the old list under it';
}

/** Where a prompt says SCHEDULE, the case's deviations go: the prompt cannot describe a schedule the case does not run. */
export const SCHEDULE = '{schedule}';
/** Where a prompt says RELOAD_MS, the time of A's F5 in the case's run goes (reloadTime.ts). */
export const RELOAD_MS = '{reload-ms}';
/** Where a reveal says BUMP_AFTER, the case's bumpAfterWords go. */
export const BUMP_AFTER = '{bump-after}';
/** Where a reveal says STALE_READER, the case's staleReaderWords go. */
export const STALE_READER = '{stale-reader}';

/** "How long is it stale?" about one case; the excerpt defaults to the delete view's statements. */
export function howLongQuestion(id: string, prompt: string, why: string, excerpt: (t: Trace) => string[] = (t) => excerptLines(t, deleteViewEvents(t))): Question {
  const k = caseById(id);
  let said: string | undefined;
  return {
    id,
    checkpoint: (t) => t.events.length - 1,
    // A getter: the schedule's words come from a run, made when the page is, not at import.
    get prompt() {
      said ??= prompt.replace(SCHEDULE, () => caseDeviations(k).join('; ')).replace(RELOAD_MS, () => String(reloadMsOf(caseTrace(k))));
      return said;
    },
    choices: STALE_KINDS,
    answer: () => staleKind(k),
    reveal: () =>
      revealCase(k, why.replace(BUMP_AFTER, () => bumpAfterWords(k)).replace(STALE_READER, () => staleReaderWords(k))),
    excerpt: () => excerpt(caseTrace(k)),
    about: { scenarios: [k.scenario], preset: k.preset, overrides: k.overrides, ...(k.choices.length ? { schedule: { choices: () => k.choices } } : {}) },
  };
}

/** The version counter's cache operations (whose counter each delete bumps, and which one each reader reads). */
export function versionEvents(t: Trace, untilT = Infinity): string[] {
  return excerptLines(t, t.events.filter((e) => e.t >= 0 && e.t < untilT && (e.type === 'user.delete' || e.type === 'user.reload' || (e.type.startsWith('cache.') && String(e.payload.key ?? '').startsWith('calendar_feed_version')))));
}
