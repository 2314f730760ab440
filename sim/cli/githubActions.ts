// On GitHub Actions (GITHUB_ACTIONS=true, which the runner sets), a failing check or explore also
// gives the pull request its reason where a reviewer looks: an `::error` annotation (on stderr, so
// stdout stays the report, --json included; the runner reads workflow commands from both streams),
// on the --app file when there is one, and a Markdown job summary appended to $GITHUB_STEP_SUMMARY
// (the verdicts, the first violation, the trace file and its replay command). Nothing else changes:
// the report is the same bytes with or without these, and both are made from the report alone.
import type { CliIO } from './cliCommand';

export interface CiVerdict {
  /** "check" or "explore". */
  command: string;
  /** The command as typed after `cachelab` (its words). */
  argv: readonly string[];
  /** The report's closing line without its newline ("VIOLATED: ..."), or the verdict of a run that held. */
  verdict: string;
  violated: boolean;
  /** One row per scenario: name, preset, verdict. */
  rows: ReadonlyArray<{ scenario: string; preset: string; verdict: string }>;
  /** The first violation as the report words it (statement, who and when, cause), or null. */
  violation: string | null;
  /** The trace file written (counterexample or witness), or null. */
  traceFile: string | null;
  /** The command that replays the failing schedule, or null. */
  replay: string | null;
  /** --app's file, as given. */
  appFile: string | null;
  /** The report's notes under the verdicts (a view that raised, views the app left to the built-in ones), as printed. */
  notes: readonly string[];
}

/** A workflow command's data: %, CR and LF escaped as the runner expects. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also , and : escaped. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=my-fix.ts,title=cachelab check::VIOLATED: ...`: shown on the file in the pull request. */
export function errorAnnotation(v: CiVerdict): string {
  const file = v.appFile === null ? '' : `file=${escapeProperty(v.appFile.replace(/^\.\//, ''))},`;
  // The violation's statement, who saw what when and where the stale copy came from; its cause chain stays in the log and the summary.
  const detail = [v.verdict, v.violation === null ? null : v.violation.split('\n').filter((l) => !l.startsWith('    cause: ')).join('\n'), v.traceFile === null ? null : `Trace: ${v.traceFile} (open it in cachelab's visualizer: Open trace…)`, v.replay].filter((x) => x !== null).join('\n');
  return `::error ${file}title=${escapeProperty(`cachelab ${v.command}`)}::${escapeData(detail)}\n`;
}

/** A table cell: pipes escaped, one line. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: a heading with the verdict, the command, the table, the first violation and how to look at it. */
export function jobSummary(v: CiVerdict): string {
  const lines = [
    `### cachelab ${v.command}: ${v.violated ? 'VIOLATED' : 'ok'}`,
    '',
    `\`cachelab ${v.argv.join(' ')}\``,
    '',
    '| scenario | preset | verdict |',
    '|---|---|---|',
    ...v.rows.map((r) => `| ${cell(r.scenario)} | ${cell(r.preset)} | ${cell(r.verdict)} |`),
    '',
  ];
  const notes = v.notes.filter((l) => l !== '');
  if (notes.length) lines.push('```text', ...notes, '```', '');
  if (v.violation !== null) lines.push('```text', v.violation, '```', '');
  if (v.traceFile !== null) lines.push(`The failing schedule's trace is \`${v.traceFile}\`: upload it as an artifact, then open it with **Open trace…** in cachelab's visualizer (\`npm ci && npm start\` in a clone of cachelab's repository; docs/ci.md).`, '');
  if (v.replay !== null) lines.push('Replay it in a terminal:', '', '```sh', v.replay, '```', '');
  lines.push(v.verdict, '');
  return lines.join('\n');
}

/** Writes the annotation and the summary when the environment is GitHub Actions; else nothing. */
export function reportToGitHub(io: CliIO, v: CiVerdict): void {
  const env = io.env ?? {};
  if (env.GITHUB_ACTIONS !== 'true') return;
  if (v.violated) io.err(errorAnnotation(v));
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file || !io.appendFile) return;
  try {
    io.appendFile(file, jobSummary(v));
  } catch (e) {
    // The report is out and its exit code stands: a summary the runner cannot take is one line.
    io.err(`cachelab ${v.command}: could not append the job summary to $GITHUB_STEP_SUMMARY (${file}): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The paragraph check's and explore's --help give it. */
export const GITHUB_HELP = `On GitHub Actions (GITHUB_ACTIONS=true), a violation is also an ::error annotation on stderr
(on the --app file, so the pull request shows it there), and a Markdown job summary (verdicts,
the first violation, the trace file, the replay command) is appended to $GITHUB_STEP_SUMMARY;
a usage error with --app (a compile error, an exception as the file loads, a view's slip) is an
::error on that file too, at the line its message names. stdout is the same either way
(docs/ci.md).`;

/** --app's value in a command's words (`--app F` or `--app=F`), or null. */
function appArg(argv: readonly string[]): string | null {
  for (const [i, a] of argv.entries()) {
    if (a === '--app') return argv[i + 1] ?? null;
    if (a.startsWith('--app=')) return a.slice('--app='.length);
  }
  return null;
}

/**
 * The `::error` of a command that stopped with a usage error (exit 2): on the --app file when the
 * command had one, at the line (and column) the message gives for it: a compile error's
 * "path/my-fix.ts:48:122", a view's "(my-fix.ts, line 22)". Null when the command had no --app:
 * the one line on stderr is the whole story then.
 */
export function usageErrorAnnotation(command: string, argv: readonly string[], line: string): string | null {
  const app = appArg(argv);
  if (app === null) return null;
  const file = app.replace(/^\.\//, '');
  const base = file.slice(file.lastIndexOf('/') + 1);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const compiled = new RegExp(`${esc(base)}:(\\d+):(\\d+)`).exec(line);
  const raised = new RegExp(`\\(${esc(base)}, line (\\d+)[,)]`).exec(line);
  const at = compiled ? `,line=${compiled[1]},col=${compiled[2]}` : raised ? `,line=${raised[1]}` : '';
  return `::error file=${escapeProperty(file)}${at},title=${escapeProperty(`cachelab ${command}`)}::${escapeData(line)}\n`;
}
