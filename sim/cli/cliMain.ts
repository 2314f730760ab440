// The `cachelab` command: dispatches to one command per file. Errors in the user's input are
// UsageErrors: one line on stderr, exit code 2. Only the CLI touches node: modules.
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../src/config';
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

Exit codes: 0 ok, 1 a check found a violation, 2 usage error.
Start with:  cachelab run seed-broken    (then: cachelab run seed-fixed --format timing)
Your own:    cachelab scenarios --export seed-broken > mine.json; cachelab run --scenario-file mine.json
             (the format: docs/scenario-files.md)
`;
}

export const nodeIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  isTTY: Boolean(process.stderr.isTTY),
  signals: true,
  writeFile: (p, t) => writeFileSync(p, t),
  readFile: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  },
};

export async function main(argv: string[], io: CliIO = nodeIO, commands: CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`cachelab: unknown command "${name}"; valid commands: ${commands.map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof TraceFileError) {
      io.err(`cachelab ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
