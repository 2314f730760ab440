// Runs `cachelab` in-process with captured output.
import { main } from '../../sim/cli/cliMain';
import type { CliIO } from '../../sim/cli/cliCommand';

export async function cachelab(...argv: string[]): Promise<{ code: number; out: string; err: string; files: Record<string, string> }> {
  let out = '';
  let err = '';
  const files: Record<string, string> = {};
  const io: CliIO = {
    out: (t) => (out += t),
    err: (t) => (err += t + '\n'),
    isTTY: false,
    writeFile: (p, t) => (files[p] = t),
    readFile: (p) => {
      if (p in files) return files[p];
      throw new Error(`no such file in the test harness: ${p}`);
    },
  };
  const code = await main(argv, io);
  return { code, out, err, files };
}
