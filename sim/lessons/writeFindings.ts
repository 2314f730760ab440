// The create and edit scenarios' verdicts under broken, seed-fix and robust, as `cachelab check`
// gives them: the table in docs/findings.md ("Creates and edits") is generated from these runs
// between marker comments (UPDATE_DOCS=1 npx vitest run test/sim/writeFindings.test.ts), so no
// verdict on that page is typed by hand.
import { checkScenario } from '../check/checkScenario';
import { nonNominalChoices } from '../check/describeChoices';
import { WRITES } from '../scenarios/index';
import { beginMarker, endMarker, withGeneratedBlock, type GeneratedBlock } from '../format/generatedBlock';

export const WRITE_PRESETS = ['broken', 'seed-fix', 'robust'] as const;
/** PCT schedules per cell: `npx cachelab check <scenario> --config <preset> --runs 100`. */
export const WRITE_CHECK_RUNS = 100;

export interface WriteVerdict {
  scenario: string;
  preset: string;
  /** Invariant names of the counterexample's violations, with the users they are about; [] when none. */
  violated: string[];
  /** Schedules tried before the first violation (or all of them). */
  runs: number;
  /** Non-nominal choices left in the shrunk counterexample; null when none was found. */
  deviations: number | null;
}

export function writeVerdict(scenario: string, preset: string, runs = WRITE_CHECK_RUNS): WriteVerdict {
  const s = WRITES.find((x) => x.name === scenario);
  if (!s) throw new Error(`no write scenario ${scenario}`);
  const r = checkScenario(s, { preset, overrides: [], runs, seed: 1 });
  const cx = r.counterexample;
  if (!cx) return { scenario, preset, violated: [], runs: r.runs, deviations: null };
  const byInvariant = new Map<string, Set<string>>();
  for (const v of cx.violations) byInvariant.set(v.invariant, (byInvariant.get(v.invariant) ?? new Set()).add(v.user));
  const violated = [...byInvariant].map(([name, users]) => `${name} (${[...users].sort().join(', ')})`);
  return { scenario, preset, violated, runs: r.runs, deviations: nonNominalChoices(cx.run.points, cx.run.trace.choices).length };
}

function cell(v: WriteVerdict): string {
  if (v.deviations === null) return `ok (${v.runs} schedules)`;
  const found = v.runs === 1 ? 'the first schedule' : `after ${v.runs} schedules`;
  return `${v.violated.join(', ')}: ${found}, ${v.deviations} deviation${v.deviations === 1 ? '' : 's'}`;
}

/** The Markdown table: one row per write scenario, one column per preset. */
export function writeFindingsTable(verdicts: readonly WriteVerdict[]): string {
  const lines = ['| scenario | broken | seed-fix | robust |', '|---|---|---|---|'];
  for (const s of WRITES) {
    const row = WRITE_PRESETS.map((p) => cell(verdicts.find((v) => v.scenario === s.name && v.preset === p)!));
    lines.push(`| ${s.name} | ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function allWriteVerdicts(runs = WRITE_CHECK_RUNS): WriteVerdict[] {
  return WRITES.flatMap((s) => WRITE_PRESETS.map((p) => writeVerdict(s.name, p, runs)));
}

/** The block in docs/findings.md, spliced by sim/format/generatedBlock.ts like every generated block. */
export const WRITE_TABLE_BLOCK: GeneratedBlock = {
  file: 'docs/findings.md',
  name: 'write-verdicts',
  how: 'sim/lessons/writeFindings.ts; UPDATE_DOCS=1 npx vitest run test/sim/writeFindings.test.ts',
};

/** The page with the table between its markers regenerated; throws when the markers are missing. */
export function withWriteTable(page: string, verdicts: readonly WriteVerdict[]): string {
  return withGeneratedBlock(page, WRITE_TABLE_BLOCK, writeFindingsTable(verdicts));
}

export const WRITE_TABLE_MARKERS = `${beginMarker(WRITE_TABLE_BLOCK)}\n${endMarker(WRITE_TABLE_BLOCK)}`;
