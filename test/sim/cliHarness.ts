// Runs `cachelab` in-process with captured output and an in-memory file system.
import type { CliIO } from '../../sim/cli/cliCommand';
import { main } from '../../sim/cli/cliMain';
import { UsageError } from '../../src/config';

export interface CliResult {
  code: number;
  out: string;
  err: string;
  files: Map<string, string>;
}

/** `extra`: the IO's other fields (the environment, appendFile) for a test that needs them. */
export async function cli(argv: string[], files = new Map<string, string>(), extra: Partial<CliIO> = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t.endsWith('\n') ? t : t + '\n'),
    isTTY: false,
    writeFile: (p, t) => void files.set(p, t),
    readFile: (p) => {
      const t = files.get(p);
      if (t === undefined) throw new UsageError(`cannot read ${p}: ENOENT`);
      return t;
    },
    ...extra,
  };
  return { code: await main(argv, io), out, err, files };
}

export function cachelab(...argv: string[]): Promise<CliResult> {
  return cli(argv);
}
