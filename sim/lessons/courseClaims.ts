// The course's claims about fixes, as commands: every `npx cachelab check|explore|replay ...` in a
// course page is followed by the exit code it gives, "(exit 0)" (no invariant violated) or
// "(exit 1)" (violated). test/sim/courseClaims.test.ts runs each one and compares, so a page
// that says a fix holds where the model shows it failing (or the reverse) fails CI. A question
// that asks the learner to predict a command's result names it without "npx" (`cachelab check
// ...`); its reveal then gives the command with "npx" and its exit code, computed from the run.

export interface CourseClaim {
  /** The command line without "npx cachelab". */
  argv: string[];
  /** The exit code the page says it gives; null when the page gives none (itself an error). */
  exit: 0 | 1 | null;
  /** Where it was found, for messages: "file:line". */
  where: string;
}

const COMMAND = /`npx cachelab ((?:check|explore|replay) [^`]+)`(\s*\(exit (\d)\))?/g;

export function courseClaims(markdown: string, file: string): CourseClaim[] {
  const out: CourseClaim[] = [];
  markdown.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(COMMAND)) {
      const exit = m[3] === undefined ? null : Number(m[3]);
      out.push({ argv: m[1].trim().split(/\s+/), exit: exit === 0 || exit === 1 ? exit : null, where: `${file}:${i + 1}` });
    }
  });
  return out;
}

/** What is wrong with a claim given the exit code its command really gave, or null when it holds. */
export function claimMismatch(claim: CourseClaim, actualExit: number): string | null {
  const cmd = `npx cachelab ${claim.argv.join(' ')}`;
  if (claim.exit === null) return `${claim.where}: \`${cmd}\` carries no "(exit N)": say what the command shows`;
  if (actualExit !== claim.exit)
    return `${claim.where}: \`${cmd}\` is said to exit ${claim.exit} (${claim.exit ? 'violated' : 'no violation'}) but exits ${actualExit}`;
  return null;
}
