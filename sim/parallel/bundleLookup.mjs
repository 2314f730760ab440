// The look-up half of threadBundle.ts (finding a current bundle in the cache), in plain JavaScript
// so that bin/cachelab.js can use it before tsx is loaded: the CLI itself then starts from its
// bundle. threadBundle.ts builds bundles and imports these functions, so both halves agree on the
// directory, the manifest's name and the digest. Time is read from the file system (a stamp file's
// modification time), never the run's clock.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project's root, where tsconfig.json and package.json are. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The directory of the bundles and their manifests (one per user). */
export function bundleDir() {
  return join(tmpdir(), `cachelab-threads-${process.getuid?.() ?? 'user'}`);
}

/** The manifest of the bundle of the .ts file `entry`. */
export function manifestFileOf(entry) {
  return join(bundleDir(), `${basename(entry, '.ts')}-${createHash('sha256').update(entry).digest('hex').slice(0, 16)}.json`);
}

/** esbuild's version, read from the package tsx ships (without loading esbuild itself). */
export function esbuildVersion() {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  return JSON.parse(readFileSync(fromTsx.resolve('esbuild/package.json'), 'utf8')).version;
}

/** The hash of the files' contents (a missing file hashes as missing), with Node's and esbuild's versions. */
export function digestOf(files, version) {
  const h = createHash('sha256').update(`${process.versions.node}\0${version}\0`);
  for (const file of [...files, join(ROOT, 'tsconfig.json'), join(ROOT, 'package.json')]) {
    h.update(file).update('\0');
    h.update(existsSync(file) ? readFileSync(file) : '\u0001missing').update('\0');
  }
  return h.digest('hex');
}

/** Now, by the file system's clock (a stamp file's modification time), not the run's. */
export function fileSystemNowMs(dir) {
  const stamp = join(dir, `.now-${process.pid}`);
  writeFileSync(stamp, '');
  const nowMs = statSync(stamp).mtimeMs;
  rmSync(stamp, { force: true });
  return nowMs;
}

/** Sets the files' modification time to now (a bundle in use is not idle); false if one of them is gone. */
export function markUsed(...files) {
  try {
    const now = fileSystemNowMs(bundleDir()) / 1000;
    for (const file of files) utimesSync(file, now, now);
    return true;
  } catch {
    return false;
  }
}

/** The cached bundle of `entry` when every file that went into it is as it was (marked used), else null. */
export function cachedBundle(entry, version = esbuildVersion()) {
  const manifestFile = manifestFileOf(entry);
  if (!existsSync(manifestFile)) return null;
  let known;
  try {
    known = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    // Cut short or edited by hand: as if there were none, so the next build writes it afresh.
    return null;
  }
  if (!Array.isArray(known?.inputs) || typeof known.bundle !== 'string') return null;
  const file = join(bundleDir(), known.bundle);
  return digestOf(known.inputs, version) === known.digest && markUsed(file, manifestFile) ? pathToFileURL(file) : null;
}
