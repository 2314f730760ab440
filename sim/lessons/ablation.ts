// The recommendation taken apart, one part at a time, with a schedule that breaks each part's
// absence: the cases lesson 9 asks about and the staleness tables of docs/recommendation.md and
// docs/findings.md are generated from (test/sim/stalenessDocs.test.ts keeps the pages equal to
// these runs). Each case is a replayable schedule: `nominal` or the shortest witness that
// `check` or `explore` printed for it, so every figure comes from a command anyone can re-run.
import { scriptedRun } from '../check/scriptedRun';
import { INVARIANTS, type Violation } from '../invariants/index';
import { longestStale, shortStaleness } from '../invariants/staleness';
import { getScenario } from '../scenarios/index';

export interface StaleCase {
  id: string;
  /** What differs from the preset, in words. */
  what: string;
  scenario: string;
  preset: string;
  overrides: string[];
  /** The schedule: [] is the nominal one. */
  choices: number[];
  /** How the schedule was found, when it is not the nominal one. */
  foundBy?: string;
}

const c = (s: string) => s.split(',').map(Number);

/** One part of `robust` removed per case (plus robust itself on the hardest schedules). */
export const ABLATION: StaleCase[] = [
  { id: 'no-version', what: 'no version in the key (and no bump)', scenario: 'seed-broken', preset: 'robust', overrides: ['feed.versionedKey=false', 'delete.bumpVersion=false'], choices: [] },
  { id: 'per-user', what: 'a counter per user instead of one global counter', scenario: 'cross-user-delete', preset: 'robust', overrides: ['version.scope=per-user'], choices: [] },
  { id: 'locmem-counter', what: "the counter in Django's cache (LocMem workers) instead of a database row", scenario: 'multi-worker', preset: 'robust', overrides: ['version.store=cache'], choices: [] },
  {
    id: 'redis-counter',
    what: 'the counter in Redis (shared) instead of a database row',
    scenario: 'inflight-refetch',
    preset: 'robust',
    overrides: ['version.store=cache'],
    choices: c('20,0,0,0,0,0,0,0,0,0,0,0,0,70'),
    foundBy: 'npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000',
  },
  {
    id: 'on-commit',
    what: 'the bump in transaction.on_commit instead of the same transaction',
    scenario: 'inflight-refetch',
    preset: 'robust',
    overrides: ['version.bumpWhen=on-commit'],
    choices: c('0,0,0,0,0,0,0,0,0,0,0,0,0,70,28,5'),
    foundBy: 'npx cachelab explore inflight-refetch --config robust --set version.bumpWhen=on-commit --max-states 20000',
  },
  {
    id: 'remove-else-refetch',
    what: "the seed's current listener (refetch only when nothing was found) instead of remove-then-refetch",
    scenario: 'inflight-refetch',
    preset: 'robust',
    overrides: ['page.onDeleted=remove-else-refetch'],
    choices: c('0,0,0,0,0,0,0,0,0,0,11'),
    foundBy: 'npx cachelab check inflight-refetch --config robust --set page.onDeleted=remove-else-refetch',
  },
  { id: 'robust-redis-gap', what: 'nothing removed (robust), on the Redis-gap schedule', scenario: 'inflight-refetch', preset: 'robust', overrides: [], choices: c('20,0,0,0,0,0,0,0,0,0,0,0,0,70') },
];

/** The seed's fixes on the schedules that break them (docs/findings.md). */
export const SEED_FIX_CASES: StaleCase[] = [
  { id: 'broken', what: 'the code as the seed found it', scenario: 'seed-broken', preset: 'broken', overrides: [], choices: [] },
  { id: 'seed-fix-multi-worker', what: "the seed's fixes, three LocMem workers", scenario: 'multi-worker', preset: 'seed-fix', overrides: [], choices: [] },
  { id: 'seed-fix-cross-user', what: "the seed's fixes, another user deletes a shared item", scenario: 'cross-user-delete', preset: 'seed-fix', overrides: [], choices: [] },
  {
    id: 'seed-fix-cross-user-redis',
    what: "the seed's fixes on one shared Redis cache, another user deletes a shared item",
    scenario: 'cross-user-delete',
    preset: 'seed-fix',
    overrides: ['deploy.cacheBackend=redis'],
    choices: [],
  },
  {
    id: 'seed-fix-concurrent',
    what: "the seed's fixes, A, B and C delete three shared items within a few ms (3 workers, Redis)",
    scenario: 'concurrent-deletes',
    preset: 'seed-fix',
    overrides: [],
    choices: c('0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,5,0,0,0,0,0,0,0,0,0,0,0,0,0,1'),
    foundBy: 'npx cachelab check concurrent-deletes --config seed-fix',
  },
  {
    id: 'seed-fix-redis-gap',
    what: "the seed's fixes, Redis, autocommit: the gap between the DELETE's commit and the bump",
    scenario: 'inflight-refetch',
    preset: 'seed-fix',
    overrides: [],
    choices: c('20,0,0,0,0,0,0,0,0,0,0,0,0,70'),
    foundBy: 'npx cachelab explore inflight-refetch --config seed-fix --max-states 3000',
  },
  {
    id: 'seed-fix-commit-race',
    what: "the seed's fixes, ATOMIC_REQUESTS: the bump inside the transaction",
    scenario: 'commit-race',
    preset: 'seed-fix',
    overrides: [],
    choices: c('180,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,1,1'),
    foundBy: 'npx cachelab explore commit-race --config seed-fix',
  },
];

export function replayCommand(k: StaleCase): string {
  return ['npx cachelab replay', k.scenario, '--config', k.preset, ...k.overrides.flatMap((o) => ['--set', o]), '--choices', k.choices.length ? k.choices.join(',') : 'nominal'].join(' ');
}

export function caseViolations(k: StaleCase): Violation[] {
  return scriptedRun(getScenario(k.scenario), { preset: k.preset, overrides: k.overrides }, k.choices).violations;
}

export interface CaseVerdict {
  violated: string[];
  /** The longest staleness, short form ("1130 ms", "TTL 299 s"...), or null when nothing is violated. */
  longest: string | null;
  /** Per violated invariant, its longest staleness, short form. */
  byInvariant: Record<string, string>;
}

export function caseVerdict(k: StaleCase): CaseVerdict {
  const vs = caseViolations(k);
  const byInvariant: Record<string, string> = {};
  for (const i of INVARIANTS) {
    const mine = vs.filter((v) => v.invariant === i.name);
    if (mine.length) byInvariant[i.name] = staleText(longestStale(mine));
  }
  return { violated: Object.keys(byInvariant), longest: vs.length ? staleText(longestStale(vs)) : null, byInvariant };
}

function staleText(v: Violation): string {
  return shortStaleness({ staleUntil: v.staleUntil ?? 'end-of-run', staleMs: v.staleMs ?? null, untilT: v.untilT ?? null });
}

/** A Markdown table: the case, its replay command with exit code, each violated invariant with how long it was stale. */
export function stalenessTable(cases: readonly StaleCase[]): string {
  const lines = ['| case | command | stale for (per violated invariant) |', '|---|---|---|'];
  for (const k of cases) {
    const v = caseVerdict(k);
    const verdict = v.violated.length ? v.violated.map((n) => `${n} ${v.byInvariant[n]}`).join('; ') : 'no violation';
    const found = k.foundBy ? ` (schedule found by \`${k.foundBy}\`)` : '';
    lines.push(`| ${k.what} | \`${replayCommand(k)}\` (exit ${v.violated.length ? 1 : 0})${found} | ${verdict} |`);
  }
  return lines.join('\n');
}
