// `--junit FILE`: the verdicts as a JUnit XML report, the format CI systems read test results from
// (GitLab's artifacts:reports:junit shows each failed scenario in the merge request; Jenkins,
// CircleCI and GitHub test-report actions read it too). One test case per scenario checked, a
// <failure> with the violation and its replay command for each that failed. No time or host in
// it: the same run writes the same bytes.

export interface JunitCase {
  scenario: string;
  /** null: held. */
  failure: { message: string; detail: string } | null;
  /** Not checked (a --stop-at-first or a stop came first). */
  skipped?: boolean;
}

/** Text as XML 1.0 allows it: markup escaped, and the control characters it cannot hold written as \xNN. */
function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `suite`: "cachelab check" or "cachelab explore", the suite and each case's class name. */
export function junitReport(suite: string, cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`, `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`];
  for (const c of cases) {
    const open = `    <testcase classname="${xml(suite)}" name="${xml(c.scenario)}"`;
    if (c.failure) lines.push(`${open}>`, `      <failure message="${xml(c.failure.message)}">${xml(c.failure.detail)}</failure>`, '    </testcase>');
    else if (c.skipped) lines.push(`${open}>`, '      <skipped message="not checked (stopped before it)"/>', '    </testcase>');
    else lines.push(`${open}/>`);
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
