// The `cachelab` command: dispatches to one command per file. Errors in the user's input are
// UsageErrors: one line on stderr, exit code 2. Only the CLI touches node: modules.
import { UsageError } from '../../src/config';
import { InputFileError } from '../input/jsonText';
import { checkOutputPath, readInputFile, writeOutputFile } from '../input/readInputFile';
import { didYouMean } from '../input/nearestNames';
import { escapeControls, quoted } from '../input/terminalText';
import { TraceFileError } from '../traceFile';
import type { CliCommand, CliIO } from './cliCommand';
import { COMMANDS } from './cliCommands';

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
`;
}

export const nodeIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  isTTY: Boolean(process.stderr.isTTY),
  signals: true,
  writeFile: writeOutputFile,
  checkOut: checkOutputPath,
  readFile: (p) => readInputFile(p),
};

/** An error the user's input caused: reported in one line, exit code 2. */
function isInputError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof TraceFileError || e instanceof InputFileError;
}

export async function main(argv: string[], io: CliIO = nodeIO, commands: CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest.length) {
      // `cachelab help run` is `cachelab run --help`.
      const command = rest.length === 1 ? commands.find((c) => c.name === rest[0]) : undefined;
      if (!command) {
        io.err(`cachelab help: expected one command name; valid commands: ${commands.map((c) => c.name).join(', ')}`);
        return 2;
      }
      io.out(command.help);
      return 0;
    }
    if (name !== undefined && rest.length) {
      io.err(`cachelab: ${name} takes no arguments; for a command's help: cachelab <command> --help`);
      return 2;
    }
    io.out(mainHelp(commands));
    return name === undefined ? 2 : 0;
  }
  // Array.find with ===: a name such as "constructor" cannot find an inherited property.
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const names = commands.map((c) => c.name);
    io.err(`cachelab: unknown command ${quoted(name)}${didYouMean(name, names)}; valid commands: ${names.join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // Messages quote the user's input; escaping the whole line keeps it one line, control-free.
    if (isInputError(e)) io.err(`cachelab ${name}: ${escapeControls(e.message)}`);
    // Not the user's fault, but still one line and exit 2, never a stack trace; tests fail on it.
    else io.err(`cachelab ${name}: internal error (please report it): ${escapeControls(e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300)}`);
    return 2;
  }
}
