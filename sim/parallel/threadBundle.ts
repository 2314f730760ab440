// A thread's serving module as one plain JavaScript file, so that the thread loads it without tsx.
// Under tsx a thread compiles and resolves each of its ~75 modules through tsx's loader hooks, on
// the thread and on a hooks thread of its own: about 0.9 s of CPU before it makes a run. Here
// esbuild (the compiler tsx itself runs, with tsx's keepNames and the project's tsconfig) bundles
// the module and its packages into the system's temporary directory, with a manifest of every file
// that went into it: a later process reuses the bundle only while each of those files (and
// tsconfig.json, package.json, Node's and esbuild's versions) is byte for byte what it was, and
// builds it again otherwise (about half a second), so a changed source is never run stale (nor one
// edited during the build: see buildUnchanged). Files are
// written whole and renamed into place, so concurrent processes never read half of one. Anything
// that goes wrong (no esbuild, a build error, an unwritable directory) gives null, and the pool falls
// back to the tsx thread (test/sim/threadBundle.test.ts). Finding a current bundle is
// bundleLookup.mjs's, in plain JavaScript, so that bin/cachelab.js starts the CLI itself bundled.
//
// Every source change leaves a new bundle (0.35 to 0.8 MB), so a build also removes the files of
// the directory that nobody has used for IDLE_MS, a day (removeIdleBundles). Each use of a bundle
// (found in the cache, or handed out again by this process's memo) first sets its modification
// time to now, so "idle" means "no process has been handed it for a day", and a process handed one
// loads it within the next seconds (a thread's start). A day, not less: a process of a version
// before this marking reuses a bundle without marking it. What is left is a race of microseconds: a
// remover that reads a bundle's old time, then a use that sets it, then the removal. It would need a
// bundle idle for a day to be wanted in exactly that moment, and even then costs no wrong answer (names
// are content hashes: no other text is ever run under a name): the thread cannot load it, the CLI's
// job thread then falls back to tsx, and a pool reports the failure. A use that finds the file
// already gone builds it again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleDir, cachedBundle, digestOf, fileSystemNowMs, manifestFileOf, markUsed, ROOT } from './bundleLookup.mjs';

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

/** esbuild as tsx ships it (a dependency of tsx, not of this project). */
function loadEsbuild(): Esbuild {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  return fromTsx('esbuild') as Esbuild;
}

/** The bundle of `module` (a .ts file URL), looked up or built at most once per process; null if it cannot be. */
export function bundledModule(module: URL): URL | null {
  let url = BUNDLES.get(module.href);
  // Handed out again: marked used, or built again if it has been removed since (a long-lived process).
  if (url && !markUsed(fileURLToPath(url))) url = undefined;
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

/** Writes `text` to `file` whole: to a part file, renamed into place. */
function writeWhole(file: string, text: string): void {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, text);
  renameSync(part, file);
}

/** A bundle nobody has been handed for this long is removed at the next build. */
export const IDLE_MS = 24 * 60 * 60 * 1000;

export { bundleDir };

/** Names this module writes in its directory: bundles, manifests, part files, stamps. */
const OWN_FILE = /^[\w.-]+-[0-9a-f]{16,20}\.(mjs|json)$|\.part$|^\.(build|now)-\d+$/;

/**
 * Removes this module's files in `dir` last modified (last used) more than `idleMs` before `nowMs`;
 * the names of those removed. A file removed meanwhile by another process is not an error.
 */
export function removeIdleBundles(dir: string, nowMs: number, idleMs = IDLE_MS): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!OWN_FILE.test(name)) continue;
    const file = join(dir, name);
    try {
      const st = statSync(file);
      if (!st.isFile() || nowMs - st.mtimeMs <= idleMs) continue;
      rmSync(file);
      removed.push(name);
    } catch {
      // Gone already (another process's cleanup or rename): nothing to do.
    }
  }
  return removed;
}

const META_URL = ['import', 'meta', 'url'].join('.');

/**
 * The bundle's text with each module's import.meta.url replaced by the URL of the module's own
 * source file, so that a bundled module finds the files next to it (a thread pool its thread
 * modules, threadMain.mjs) as it does under tsx, wherever the bundle lies. esbuild puts each module's
 * code after a line `// <its path>` (relative to ROOT); only a path among the bundle's inputs counts,
 * so a line of a template string cannot pass for one. The banner, before the first module, keeps its own.
 */
export function withModuleUrls(text: string, inputs: readonly string[]): string {
  const known = new Set(inputs);
  const token = new RegExp(META_URL.replace(/\./g, '\\.'), 'g');
  let url: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^\/\/ (\S+)$/.exec(line);
      if (marker && known.has(marker[1])) url = JSON.stringify(pathToFileURL(resolve(ROOT, marker[1])).href);
      return url !== null && line.includes(META_URL) ? line.replace(token, url) : line;
    })
    .join('\n');
}

interface Built {
  text: string;
  /** Every file the bundle was built from (absolute, sorted). */
  inputs: string[];
}

function buildOnce(esbuild: Esbuild, entry: string): Built {
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
    // (Spelled in parts so that this line's own import.meta.url is not taken for code by withModuleUrls.)
    banner: { js: `import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(${META_URL});` },
  });
  return {
    text: withModuleUrls(out.outputFiles[0].text, Object.keys(out.metafile.inputs)),
    inputs: Object.keys(out.metafile.inputs).map((f) => resolve(ROOT, f)).sort(),
  };
}

/** What changes whenever a file is written or re-dated: its inode, size, and modification and change times to the nanosecond. */
function statesOf(files: readonly string[]): string {
  return files
    .map((f) => {
      const st = statSync(f, { bigint: true });
      return `${st.ino} ${st.size} ${st.mtimeNs} ${st.ctimeNs}`;
    })
    .join('\n');
}

/**
 * A build whose text is that of its inputs as they are now. A file edited while esbuild reads the
 * sources could leave a bundle of the old text under the new text's digest, so the build's start is
 * stamped (a file's modification time: the file system's clock, not the run's). When every input is
 * older, the build is current. An input modified at or after the start was edited during the build,
 * or is dated in the future (clock skew: a tree copied from a machine ahead in time), which its date
 * cannot tell apart: then the inputs' states are noted and the build runs once more, and it counts
 * only if no input's state changed across it (a future-dated tree pays two builds once, then reuses
 * the bundle). `afterBuild` runs after each build (tests edit a source there, as if mid-build).
 */
function buildUnchanged(esbuild: Esbuild, entry: string, startedMs: number, afterBuild: (attempt: 1 | 2) => void): Built {
  const first = buildOnce(esbuild, entry);
  afterBuild(1);
  if (first.inputs.every((f) => statSync(f).mtimeMs < startedMs)) return first;
  const before = statesOf(first.inputs);
  const second = buildOnce(esbuild, entry);
  afterBuild(2);
  if (second.inputs.join('\n') !== first.inputs.join('\n') || statesOf(second.inputs) !== before) throw new Error('a source changed during the build');
  return second;
}

/** The bundle of the .ts file `entry`, from the cache or built now (no per-process memo: for tests). */
export function bundle(entry: string, afterBuild: (attempt: 1 | 2) => void = () => undefined): URL {
  const esbuild = loadEsbuild();
  const dir = bundleDir();
  mkdirSync(dir, { recursive: true });
  const manifestFile = manifestFileOf(entry);
  const cached = cachedBundle(entry, esbuild.version);
  if (cached) return cached;
  const startedMs = fileSystemNowMs(dir);
  const { text, inputs } = buildUnchanged(esbuild, entry, startedMs, afterBuild);
  const name = `${basename(entry, '.ts')}-${createHash('sha256').update(text).digest('hex').slice(0, 20)}.mjs`;
  const file = join(dir, name);
  if (!existsSync(file) || !markUsed(file)) writeWhole(file, text);
  writeWhole(manifestFile, JSON.stringify({ inputs, digest: digestOf(inputs, esbuild.version), bundle: name } satisfies Manifest));
  // Builds are what add files: the place to remove the idle ones (not this one: just written or marked).
  removeIdleBundles(dir, startedMs);
  return pathToFileURL(file);
}
