// A command line's usage error, as `cachelab` would print it, from the commands' own parse steps
// (CliCommand.parse): the arguments are read and checked, nothing runs, prints or is written.
import { existsSync, readFileSync } from 'node:fs';
import type { CliIO } from '../../../sim/cli/cliCommand';
import { COMMANDS } from '../../../sim/cli/cliCommands';
import { dispatch, errorLine } from '../../../sim/cli/cliDispatch';
import { exportScenario } from '../../../sim/scenarios/file/exportScenario';
import { getScenario } from '../../../sim/scenarios/index';

const nothing = () => {};

/**
 * Files are the repository's (examples/*.ts, a path relative to its root); a scenario file the
 * docs have the reader make (mine.json, mine.yaml) is what `cachelab scenarios --export
 * seed-broken` writes in its syntax, as the docs make it. Output paths are the reader's: not checked.
 */
export const DOC_IO: CliIO = {
  out: nothing,
  err: nothing,
  isTTY: false,
  readFile(path) {
    if (existsSync(path)) return readFileSync(path, 'utf8');
    const syntax = /\.ya?ml$/i.test(path) ? 'yaml' : /\.json$/i.test(path) ? 'json' : null;
    if (syntax === null) throw new Error(`the docs' check has no stand-in for the file ${path}`);
    return exportScenario(getScenario('seed-broken'), syntax);
  },
  writeFile(path) {
    throw new Error(`a parse step wrote ${path}: parsing must not do the command's work`);
  },
  checkOut: nothing,
};

/** The line `cachelab` would print on stderr for `argv` (exit 2), or null when it accepts it. */
export async function usageError(argv: string[], io: CliIO = DOC_IO): Promise<string | null> {
  const d = dispatch(argv, COMMANDS);
  if (d.kind === 'error') return d.line;
  if (d.kind === 'text') return d.code === 0 ? null : 'cachelab: no command given (prints the help, exit 2)';
  try {
    await d.command.parse(d.rest, io);
    return null;
  } catch (e) {
    return errorLine(d.command.name, e);
  }
}

/** For a span naming a command: null when there is one by that name ('' is the program itself). */
export function unknownCommand(name: string): string | null {
  return name === '' || COMMANDS.some((c) => c.name === name) ? null : `cachelab: unknown command "${name}"`;
}
