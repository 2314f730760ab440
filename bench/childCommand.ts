// How the bench starts a measuring child process: from the module's esbuild bundle, as `cachelab`
// itself runs its commands (bin/cachelab.js, explore's job thread, check's threads:
// sim/parallel/threadBundle.ts), so that the figures are those of the code a user waits for; from
// the sources under tsx only when the bundle cannot be built. Under tsx the child also compiles its
// ~150 modules through tsx's hooks thread, and each module stays a module of its own.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundledModule } from '../sim/parallel/threadBundle';

export type ChildRunner = 'bundle' | 'tsx';

/** The node arguments that run the .ts module `module` (before its own arguments), and how. */
export function childCommand(module: URL): { runner: ChildRunner; args: string[] } {
  const bundled = bundledModule(module);
  return bundled ? { runner: 'bundle', args: [fileURLToPath(bundled)] } : { runner: 'tsx', args: ['--import', 'tsx', fileURLToPath(module)] };
}

/** Runs the .ts module `module` with `args` in a child process (from the repository's root), and parses the JSON of its last line of output. */
export function runChild<T>(module: URL, args: string[]): { result: T; runner: ChildRunner } {
  const child = childCommand(module);
  const stdout = execFileSync(process.execPath, [...child.args, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return { result: JSON.parse(stdout.trim().split('\n').pop()!) as T, runner: child.runner };
}
