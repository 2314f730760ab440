// What `cachelab` does with its arguments before a command's own: the main help, `help <command>`,
// an unknown command; and the one line an error thrown by a command becomes. cliMain runs the
// command; the docs' command check (test/sim/docCommands.test.ts) only parses its arguments.
import { UsageError } from '../../src/config';
import { InputFileError } from '../input/jsonText';
import { didYouMean } from '../input/nearestNames';
import { escapeControls, quoted } from '../input/terminalText';
import { TraceFileError } from '../traceFile';
import type { CliCommand } from './cliCommand';

export function mainHelp(commands: CliCommand[]): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return `cachelab: a deterministic simulation of a deleted work item that keeps coming back on a
FullCalendar page of a Django app (browser HTTP cache, Django cache, FullCalendar store, database).

Usage: cachelab <command> [options]      cachelab <command> --help for details

Commands:
${commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`).join('\n')}

Exit codes: 0 ok, 1 a check found a violation (or a replay differs), 2 usage or input error
(one sentence on stderr). Limits and what is validated: docs/input-contract.md.
Start with:  cachelab run seed-broken    (then: cachelab run seed-fixed --format timing)
Your own:    cachelab scenarios --export seed-broken > mine.json; cachelab run --scenario-file mine.json
             (the format: docs/scenario-files.md)
Your fix:    cachelab check all --app examples/invalidate-on-commit.ts   (docs/your-own-fix.md)
Real stack:  npm run stack -- --scenario-file mine.json   (in the project's folder: the model beside
             real Django, Chromium and FullCalendar, step by step; --trace counterexample.json
             follows a counterexample's schedule there; your fix: --app F.ts --views F.py)
`;
}

export type Dispatch =
  /** Printed on stdout, with that exit code: no command runs. */
  | { kind: 'text'; text: string; code: number }
  /** A usage error on stderr, exit 2. */
  | { kind: 'error'; line: string }
  | { kind: 'command'; command: CliCommand; rest: string[] };

export function dispatch(argv: string[], commands: CliCommand[]): Dispatch {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest.length) {
      // `cachelab help run` is `cachelab run --help`.
      const command = rest.length === 1 ? commands.find((c) => c.name === rest[0]) : undefined;
      if (!command) return { kind: 'error', line: `cachelab help: expected one command name; valid commands: ${commands.map((c) => c.name).join(', ')}` };
      return { kind: 'text', text: command.help, code: 0 };
    }
    if (name !== undefined && rest.length) return { kind: 'error', line: `cachelab: ${name} takes no arguments; for a command's help: cachelab <command> --help` };
    return { kind: 'text', text: mainHelp(commands), code: name === undefined ? 2 : 0 };
  }
  // Array.find with ===: a name such as "constructor" cannot find an inherited property.
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const names = commands.map((c) => c.name);
    return { kind: 'error', line: `cachelab: unknown command ${quoted(name)}${didYouMean(name, names)}; valid commands: ${names.join(', ')}` };
  }
  return { kind: 'command', command, rest };
}

/** An error the user's input caused: reported in one line, exit code 2. */
function isInputError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof TraceFileError || e instanceof InputFileError;
}

/** The line on stderr for an error command `name` threw (exit 2 either way). */
export function errorLine(name: string, e: unknown): string {
  // Messages quote the user's input; escaping the whole line keeps it one line, control-free.
  if (isInputError(e)) return `cachelab ${name}: ${escapeControls(e.message)}`;
  // Not the user's fault, but still one line and exit 2, never a stack trace; tests fail on it.
  return `cachelab ${name}: internal error (please report it): ${escapeControls(e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300)}`;
}
