// docs/recommendation.md's "why each part" table, measured: each part removed from `robust` with
// --set, and the `check` (PCT, 500 schedules per scenario, seed 1, in this process) or `explore`
// (the CLI's --json report) that shows what the model then does. Writes the results file, then the
// table from it (test/sim/ablationTable.test.ts keeps the two equal and replays every stored
// counterexample). The "why" column is prose without figures; every figure comes from the file.
//   npm run docs:ablation                             measure, write the results, render the table
//   npx tsx tools/ablationTable.ts --render           only render the table from the results file
import { execFileSync } from 'node:child_process';
import { checkScenario, DEFAULT_CHECK_RUNS } from '../sim/check/checkScenario';
import { getScenario, SCENARIO_NAMES } from '../sim/scenarios/index';
import { docsGenerator, isMain } from './generatedBlock';
import { storedCounterexample, type StoredCounterexample } from './storedCounterexample';

export const RESULTS_FILE = 'docs/ablation.json';
export const DOC_FILE = 'docs/recommendation.md';
export const SEED = 1;
const PRESET = 'robust';
const EXPLORE_TIME_LIMIT = '120s';

export interface Ablation {
  part: string;
  command: 'check' | 'explore';
  /** 'all': every scenario `check all` runs. */
  scenario: string;
  overrides: string[];
  /** Why the model answers so, in words (no figures: those come from the results). */
  why: string;
}

export const ABLATIONS: Ablation[] = [
  { part: 'the version (no versioned key, no bump)', command: 'check', scenario: 'all', overrides: ['feed.versionedKey=false', 'delete.bumpVersion=false'], why: 'nothing invalidates the feed cache: every later request is a stale hit' },
  { part: "the version, keeping the seed's six-week delete loop instead", command: 'check', scenario: 'all', overrides: ['feed.versionedKey=false', 'delete.bumpVersion=false', 'delete.keyLoop=six-week'], why: 'the loop guesses keys from "today" and one user id, so other months, other users, other workers\' caches and readers racing the write all escape it' },
  { part: 'one global counter (per-user instead)', command: 'check', scenario: 'cross-user-delete', overrides: ['version.scope=per-user'], why: "B's delete bumps only B's counter; A's reload is a stale hit on A's own key" },
  { part: 'one global counter (per-user instead), three users', command: 'check', scenario: 'concurrent-deletes', overrides: ['version.scope=per-user'], why: 'each delete bumps only its own user\'s counter: the cross-user hole with shared items' },
  { part: "the counter in the database (kept in Django's cache)", command: 'check', scenario: 'multi-worker', overrides: ['version.store=cache'], why: "with LocMem each worker has its own counter: the delete bumps one worker's, the reload lands on the other, which still reads the old version and serves its stale entry" },
  { part: 'the counter in the database, on Redis', command: 'explore', scenario: 'inflight-refetch', overrides: ['version.store=cache'], why: "in autocommit the `DELETE` commits before the view bumps the cached counter; a feed request that reads the counter in that gap is served the old version's entry after the commit" },
  { part: 'bumped in the transaction (`on_commit` instead)', command: 'explore', scenario: 'inflight-refetch', overrides: ['version.bumpWhen=on-commit'], why: 'the row is gone at `COMMIT`, the counter moves only when the `on_commit` callback runs after it; a request reading the counter between the two is served the stale entry' },
  { part: "remove-and-refetch (the seed's current listener)", command: 'check', scenario: 'inflight-refetch', overrides: ['page.onDeleted=remove-else-refetch'], why: "the page's own refetch read the old version before the commit, its answer lands after `event.remove()`, and with no refetch of its own the listener leaves it as the latest fetch: the item comes back. With remove-and-refetch the listener's refetch makes it stale (`latestFetchId`) and it is ignored" },
  { part: '`never_cache`', command: 'check', scenario: 'all', overrides: ['feed.neverCache=false'], why: "measured Chromium never reuses the header-less feed (heuristic freshness 0, [facts.md](facts.md), the browser's HTTP cache)" },
  { part: "`never_cache`, under the seed's belief about browsers", command: 'check', scenario: 'all', overrides: ['feed.neverCache=false', 'browser.profile=seed-assumption'], why: 'the browser answers the reload from its cache. `never_cache` is what keeps the guarantee when a browser, proxy or a later `max-age`/`Last-Modified` makes the answer storable' },
  { part: 'raw uuid ids', command: 'check', scenario: 'all', overrides: ['feed.eventIdFormat=unmatched'], why: 'the listener finds nothing, so nothing is removed at once; it refetches, and the next render is already fresh. Keep the ids for the instant removal the seed promises' },
  { part: 'no loops', command: 'check', scenario: 'all', overrides: ['delete.keyLoop=month-boundary'], why: "with versioned keys the loops delete keys nobody reads: each write's `cache.delete` calls are for nothing" },
  { part: "the feed's server cache altogether (not in `robust`'s choice)", command: 'check', scenario: 'all', overrides: ['feed.serverCache=false'], why: "no entry can go stale: the simplest correct option if the feed's query is cheap enough. `robust` keeps the cache because the seed's analysis wants it, and shows that it can be kept safely" },
  { part: '`incr`', command: 'check', scenario: 'all', overrides: ['version.bump=get-set'], why: 'with the counter in the database the bump is an `UPDATE` whatever this knob says' },
];

export interface Verdict {
  scenario: string;
  /** check: schedules tried up to the first violating one (or all); explore: distinct states. */
  runs: number;
  counterexample: StoredCounterexample | null;
}

export interface AblationResult {
  part: string;
  command: Ablation['command'];
  scenario: string;
  overrides: string[];
  /** check: one verdict per scenario. explore: one verdict per violated invariant (its shortest witness). */
  verdicts: Verdict[];
  /** explore only. */
  explore?: { distinctStates: number; exhaustive: boolean; completeUpToDeviations: number | null };
}

interface ExploreJson {
  distinctStates: number;
  exhaustive: boolean;
  completeUpToDeviations: number | null;
  witnesses: { invariant: string; script: number[]; nonNominalChoices: number }[];
}

function measureOne(a: Ablation): AblationResult {
  if (a.command === 'explore') {
    const args = ['bin/cachelab.js', 'explore', a.scenario, '--config', PRESET, ...a.overrides.flatMap((o) => ['--set', o]), '--json', '--time-limit', EXPLORE_TIME_LIMIT];
    let out: string;
    try {
      out = execFileSync('node', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
      if (!out) throw e;
    }
    const r = JSON.parse(out) as ExploreJson;
    return {
      ...pick(a),
      verdicts: r.witnesses.map((w) => ({ scenario: a.scenario, runs: r.distinctStates, counterexample: { script: w.script, deviations: w.nonNominalChoices, invariants: [w.invariant] } })),
      explore: { distinctStates: r.distinctStates, exhaustive: r.exhaustive, completeUpToDeviations: r.completeUpToDeviations },
    };
  }
  const names = a.scenario === 'all' ? SCENARIO_NAMES : [a.scenario];
  return {
    ...pick(a),
    verdicts: names.map((n) => {
      const r = checkScenario(getScenario(n), { preset: PRESET, overrides: a.overrides, runs: DEFAULT_CHECK_RUNS, seed: SEED });
      const x = r.counterexample;
      return { scenario: n, runs: r.runs, counterexample: x ? storedCounterexample(x) : null };
    }),
  };
}

function pick(a: Ablation) {
  return { part: a.part, command: a.command, scenario: a.scenario, overrides: a.overrides };
}

export function measure(): AblationResult[] {
  return ABLATIONS.map(measureOne);
}

export function commandText(r: Pick<AblationResult, 'command' | 'scenario' | 'overrides'>): string {
  return ['npx cachelab', r.command, r.scenario, '--config', PRESET, ...r.overrides.flatMap((o) => ['--set', o])].join(' ');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the command printed, from the results: exit code, what failed, where. */
export function measuredText(r: AblationResult): string {
  if (r.command === 'explore') {
    const e = r.explore!;
    const how = e.exhaustive ? `exhaustive (${e.distinctStates.toLocaleString('en-US')} distinct states)` : `not exhaustive (${e.distinctStates.toLocaleString('en-US')} distinct states, every schedule with up to ${plural(e.completeUpToDeviations ?? 0, 'deviation')})`;
    if (!r.verdicts.length) return `exit 0, ${how}`;
    return `exit 1, ${how}: ${r.verdicts.map((v) => `${v.counterexample!.invariants.join(', ')} with ${plural(v.counterexample!.deviations, 'deviation')}`).join('; ')}`;
  }
  const failed = r.verdicts.filter((v) => v.counterexample);
  if (!failed.length) return r.verdicts.length === 1 ? `exit 0 (${plural(r.verdicts[0].runs, 'schedule')})` : `exit 0 (${r.verdicts.length} scenarios, ${DEFAULT_CHECK_RUNS} schedules each)`;
  if (r.verdicts.length === 1) {
    const v = failed[0];
    return `exit 1 after ${plural(v.runs, 'schedule')}, shrunk to ${plural(v.counterexample!.deviations, 'deviation')}: ${v.counterexample!.invariants.join(', ')}`;
  }
  const byDeviations = new Map<number, string[]>();
  for (const v of failed) byDeviations.set(v.counterexample!.deviations, [...(byDeviations.get(v.counterexample!.deviations) ?? []), v.scenario]);
  const groups = [...byDeviations].sort((a, b) => a[0] - b[0]);
  const which = failed.length === r.verdicts.length ? `all ${r.verdicts.length} scenarios fail` : `${failed.length} of ${r.verdicts.length} scenarios fail`;
  if (groups.length === 1 && failed.length === r.verdicts.length) return `exit 1; ${which}, all at ${plural(groups[0][0], 'deviation')}`;
  return `exit 1; ${which}: ${groups.map(([d, names]) => `at ${plural(d, 'deviation')} ${names.join(', ')}`).join('; ')}`;
}

export function ablationTable(results: readonly AblationResult[]): string {
  const lines = ['| part removed | command | measured | why |', '|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.part} | \`${commandText(r)}\` | ${measuredText(r)} | ${ABLATIONS.find((a) => a.part === r.part)?.why ?? ''} |`);
  return lines.join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'ablation', how: 'tools/ablationTable.ts from docs/ablation.json; npm run docs:ablation', resultsFile: RESULTS_FILE, measure, body: ablationTable });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withAblationTable = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) generator.main();
