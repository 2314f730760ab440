// A thread's serving module as one plain JavaScript file, so that the thread loads it without tsx.
// Under tsx a thread compiles and resolves each of its ~75 modules through tsx's loader hooks, on
// the thread and on a hooks thread of its own: about 0.9 s of CPU before it makes a run. Here
// esbuild (the compiler tsx itself runs, with tsx's keepNames and the project's tsconfig) bundles
// the module and its packages into the system's temporary directory, with a manifest of every file
// that went into it: a later process reuses the bundle only while each of those files (and
// tsconfig.json, package.json, Node's and esbuild's versions) is byte for byte what it was, and
// builds it again otherwise (about half a second), so a changed source is never run stale (nor one
// edited during the build: then there is no bundle this time). Files are
// written whole and renamed into place, so concurrent processes never read half of one. Anything
// that goes wrong (no esbuild, a build error, an unwritable directory) gives null, and the pool falls
// back to the tsx thread (test/sim/threadBundle.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Esbuild {
  version: string;
  buildSync(options: Record<string, unknown>): { outputFiles: Array<{ text: string }>; metafile: { inputs: Record<string, unknown> } };
}

interface Manifest {
  /** Every file the bundle was built from (absolute), and the hash of their contents. */
  inputs: string[];
  digest: string;
  bundle: string;
}

const BUNDLES = new Map<string, URL | null>();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** esbuild as tsx ships it (a dependency of tsx, not of this project). */
function loadEsbuild(): Esbuild {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  return fromTsx('esbuild') as Esbuild;
}

/** The bundle of `module` (a .ts file URL), looked up or built at most once per process; null if it cannot be. */
export function bundledModule(module: URL): URL | null {
  let url = BUNDLES.get(module.href);
  if (url === undefined) {
    try {
      url = bundle(fileURLToPath(module));
    } catch {
      url = null;
    }
    BUNDLES.set(module.href, url);
  }
  return url;
}

/** The hash of the files' contents (a missing file hashes as missing). */
function digestOf(files: readonly string[], esbuild: Esbuild): string {
  const h = createHash('sha256').update(`${process.versions.node}\0${esbuild.version}\0`);
  for (const file of [...files, join(ROOT, 'tsconfig.json'), join(ROOT, 'package.json')]) {
    h.update(file).update('\0');
    h.update(existsSync(file) ? readFileSync(file) : '\u0001missing').update('\0');
  }
  return h.digest('hex');
}

/** Writes `text` to `file` whole: to a part file, renamed into place. */
function writeWhole(file: string, text: string): void {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, text);
  renameSync(part, file);
}

/** The bundle of the .ts file `entry`, from the cache or built now (no per-process memo: for tests). */
export function bundle(entry: string): URL {
  const esbuild = loadEsbuild();
  const dir = join(tmpdir(), `cachelab-threads-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true });
  const manifestFile = join(dir, `${basename(entry, '.ts')}-${createHash('sha256').update(entry).digest('hex').slice(0, 16)}.json`);
  if (existsSync(manifestFile)) {
    const known = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const file = join(dir, known.bundle);
    if (existsSync(file) && digestOf(known.inputs, esbuild) === known.digest) return pathToFileURL(file);
  }
  // A file edited while esbuild reads the sources could leave a bundle of the old text under the new
  // text's digest: the build's start is stamped (a file's modification time: the file system's
  // clock, not the run's), and an input modified since means no bundle this time.
  const stamp = join(dir, `.build-${process.pid}`);
  writeFileSync(stamp, '');
  const startedMs = statSync(stamp).mtimeMs;
  rmSync(stamp, { force: true });
  const out = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    // As tsx compiles: function names kept (error messages and anything that prints a function).
    keepNames: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    // CommonJS packages in an ES module bundle may require Node's own modules.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  });
  const text = out.outputFiles[0].text;
  const inputs = Object.keys(out.metafile.inputs).map((f) => resolve(ROOT, f)).sort();
  if (inputs.some((f) => statSync(f).mtimeMs >= startedMs)) throw new Error('a source changed during the build');
  const name = `${basename(entry, '.ts')}-${createHash('sha256').update(text).digest('hex').slice(0, 20)}.mjs`;
  const file = join(dir, name);
  if (!existsSync(file)) writeWhole(file, text);
  writeWhole(manifestFile, JSON.stringify({ inputs, digest: digestOf(inputs, esbuild), bundle: name } satisfies Manifest));
  return pathToFileURL(file);
}
