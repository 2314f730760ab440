// The shape every `cachelab` command has, so cliMain can list them in --help and dispatch.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Progress is redrawn in place (a terminal, not under CI: cliProgress.ts redrawsProgress); else plain lines. */
  isTTY: boolean;
  /**
   * True in the real process: Ctrl-C reaches the command, so long jobs run in a worker thread and
   * stop with a partial report (sim/cli/cliStoppable.ts). Absent in-process (tests).
   */
  signals?: boolean;
  writeFile(path: string, text: string): void;
  /** Refuses, before any work, an output path writeFile would refuse (a missing folder, a directory). */
  checkOut?(path: string): void;
  readFile(path: string): string;
  /** The process's environment (GitHub Actions' variables, sim/cli/githubActions.ts); absent in-process. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Appends to a file (GitHub Actions' job summary). */
  appendFile?(path: string, text: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** `cachelab <name> --help`. */
  help: string;
  /**
   * Reads and checks argv as run does, in the same order, up to the work itself (no run, search,
   * report, or file written): throws the UsageError run would throw for these arguments. 'help'
   * for --help. The commands the docs quote are checked with it (test/sim/docCommands.test.ts).
   */
  parse(argv: string[], io: CliIO): unknown;
  /** Exit code: 0 ok, 1 a check found a violation, 2 usage or input error (throw a UsageError). */
  run(argv: string[], io: CliIO): number | Promise<number>;
}
