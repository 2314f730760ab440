// The `cachelab` command: dispatches to one command per file. Errors in the user's input are
// UsageErrors: one line on stderr, exit code 2. Only the CLI touches node: modules.
import { appendFileSync } from 'node:fs';
import { checkOutputPath, readInputFile, writeOutputFile } from '../input/readInputFile';
import type { CliCommand, CliIO } from './cliCommand';
import { COMMANDS } from './cliCommands';
import { dispatch, errorLine } from './cliDispatch';
import { redrawsProgress } from './cliProgress';
import { usageErrorAnnotation } from './githubActions';

export const nodeIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  isTTY: redrawsProgress(Boolean(process.stderr.isTTY), process.env),
  signals: true,
  writeFile: writeOutputFile,
  checkOut: checkOutputPath,
  readFile: (p) => readInputFile(p),
  env: process.env,
  appendFile: (p, t) => appendFileSync(p, t),
};

export async function main(argv: string[], io: CliIO = nodeIO, commands: CliCommand[] = COMMANDS): Promise<number> {
  const d = dispatch(argv, commands);
  if (d.kind === 'text') {
    io.out(d.text);
    return d.code;
  }
  if (d.kind === 'error') {
    io.err(d.line);
    return 2;
  }
  try {
    return await d.command.run(d.rest, io);
  } catch (e) {
    const line = errorLine(d.command.name, e);
    io.err(line);
    // On GitHub Actions, a slip in the --app file is marked on that file, at its line when the message has one.
    const annotation = io.env?.GITHUB_ACTIONS === 'true' ? usageErrorAnnotation(d.command.name, d.rest, line) : null;
    if (annotation !== null) io.err(annotation);
    return 2;
  }
}
