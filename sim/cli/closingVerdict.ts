// The last line of a failing check's or explore's report: the verdict again, after the timing
// tables and replay commands, where a CI log's reader lands first (GitHub Actions and GitLab open
// a failed step at its end). It names what failed and where its trace is, nothing new.
import { shellWord } from './shellWord';

/** check: `VIOLATED: commit-race (read-your-delete, ...); its counterexample's trace: counterexample.json`. */
export function checkClosingLine(failing: ReadonlyArray<{ scenario: string; invariants: readonly string[] }>, checked: number, out: string): string {
  const first = failing[0];
  if (failing.length === 1 && checked === 1) return `VIOLATED: ${first.scenario} (${first.invariants.join(', ')}); its counterexample's trace: ${shellWord(out)}\n`;
  return `VIOLATED: ${failing.length} of ${checked} scenario(s): ${failing.map((f) => f.scenario).join(', ')}; ${first.scenario}'s counterexample's trace: ${shellWord(out)}\n`;
}

/** explore: `VIOLATED: commit-race (read-your-delete, ...); the shortest witness: npx cachelab replay ...` (its trace's file, with --out). */
export function exploreClosingLine(scenario: string, invariants: readonly string[], replay: string, file: string | null): string {
  return `VIOLATED: ${scenario} (${invariants.join(', ')}); the shortest witness: ${replay}${file === null ? '' : ` (its trace: ${shellWord(file)})`}\n`;
}
