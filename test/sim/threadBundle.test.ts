// check's threads load their serving module as one bundled file (sim/parallel/threadBundle.ts)
// rather than compiling ~75 modules through tsx. The bundle must be what tsx would run: the same
// answers (test/sim/checkWorkers.test.ts compares 1 and 2 threads, the second thread bundled;
// here one block of PCT runs made by the bundled module against pctRun under tsx), rebuilt when any
// file that went into it changes, and reused while none does.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { pctRun, pctSteps } from '../../sim/check/checkScenario';
import { cachedBundle, manifestFileOf } from '../../sim/parallel/bundleLookup.mjs';
import { bundle, bundledModule, bundleDir, IDLE_MS, removeIdleBundles } from '../../sim/parallel/threadBundle';
import { getScenario } from '../../sim/scenarios/index';

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes a source dated 1970: one modified since a build began costs a second build (tests below). */
function writeDated(file: string, text: string): void {
  writeFileSync(file, text);
  utimesSync(file, 1, 1);
}

/** A temporary directory with an entry module whose sources are dated 1970 (see writeDated). */
function entryModule(value: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-bundle-test-'));
  tempDirs.push(dir);
  const entry = join(dir, 'entry.ts');
  writeDated(entry, `export const answer: number = ${value};\n`);
  return entry;
}

describe('threadBundle', () => {
  it("bundles check's thread module, and the bundled module answers a block as pctRun does under tsx", async () => {
    const url = bundledModule(new URL('../../sim/check/parallel/pctServe.ts', import.meta.url));
    expect(url).not.toBeNull();
    expect(url!.href).toMatch(/\.mjs$/);
    const { servePct } = await import(url!.href);
    const { port1, port2 } = new MessageChannel();
    const replies: Array<{ type: string; from?: number; end?: number; bad?: number }> = [];
    const got = new Promise<void>((resolve) => {
      port1.on('message', (m) => {
        replies.push(m);
        if (m.type === 'block') resolve();
      });
    });
    await servePct({ appFile: null }, port2);
    const scenario = getScenario('commit-race');
    const config = { preset: 'seed-fix', overrides: [] };
    const steps = pctSteps(scenario, config);
    port1.postMessage({ type: 'search', gen: 1, scenario, config, seed: 1, depth: 2, steps, claims: new Int32Array(new SharedArrayBuffer(64)), block: 300 });
    port1.postMessage({ type: 'block', gen: 1, from: 0, to: 300 });
    await got;
    port1.close();
    let bad = -1;
    let end = 0;
    for (let i = 0; i < 300 && bad < 0; i++, end = i) if (pctRun(scenario, config, 1, 2, steps, i).violations.length) bad = i;
    expect(replies.find((m) => m.type === 'block')).toEqual({ type: 'block', gen: 1, from: 0, end, bad });
    expect(bad).toBeGreaterThanOrEqual(0);
  });

  it('reuses the bundle while its sources are unchanged, and builds another when one changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-bundle-test-'));
    tempDirs.push(dir);
    const entry = join(dir, 'entry.ts');
    writeDated(entry, "import { value } from './dep';\nexport const answer: number = value;\n");
    writeDated(join(dir, 'dep.ts'), 'export const value: number = 1;\n');
    const first = bundle(entry);
    expect(bundle(entry).href).toBe(first.href);
    expect((await import(first.href)).answer).toBe(1);
    writeDated(join(dir, 'dep.ts'), 'export const value: number = 2;\n');
    const second = bundle(entry);
    expect(second.href).not.toBe(first.href);
    expect((await import(second.href)).answer).toBe(2);
  });

  it('bundles a tree dated in the future (clock skew), and the next build and the CLI\'s look-up reuse that bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-bundle-test-'));
    tempDirs.push(dir);
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, "import { value } from './dep';\nexport const answer: number = value;\n");
    writeFileSync(join(dir, 'dep.ts'), 'export const value: number = 3;\n');
    // Dated 2096: "modified" after any build's start, as a tree copied from a machine ahead in time.
    for (const file of [entry, join(dir, 'dep.ts')]) utimesSync(file, 4e9, 4e9);
    const attempts: number[] = [];
    const built = bundle(entry, (attempt) => attempts.push(attempt));
    expect(attempts).toEqual([1, 2]);
    expect((await import(built.href)).answer).toBe(3);
    expect(cachedBundle(entry)?.href).toBe(built.href);
    expect(bundle(entry, (attempt) => attempts.push(attempt)).href).toBe(built.href);
    expect(attempts).toEqual([1, 2]);
  });

  it('bundles a source edited during the first build as edited (the second build reads it)', async () => {
    const entry = entryModule(4);
    const built = bundle(entry, (attempt) => {
      if (attempt === 1) writeFileSync(entry, 'export const answer: number = 44;\n');
    });
    expect((await import(built.href)).answer).toBe(44);
    expect(cachedBundle(entry)?.href).toBe(built.href);
  });

  it('builds no bundle from a source edited during both builds (the pool then loads the module under tsx)', () => {
    const entry = entryModule(5);
    const attempts: number[] = [];
    const editEach = (attempt: 1 | 2) => {
      attempts.push(attempt);
      writeFileSync(entry, `export const answer: number = ${50 + attempt};\n`);
    };
    expect(() => bundle(entry, editEach)).toThrow(/changed during the build/);
    expect(attempts).toEqual([1, 2]);
    expect(cachedBundle(entry)).toBeNull();
  });

  it('removes its own files unused for IDLE_MS, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-bundle-test-'));
    tempDirs.push(dir);
    const nowMs = 1e12;
    const ages: Record<string, number> = {
      'pctServe-0123456789abcdef0123.mjs': IDLE_MS + 1000,
      'pctServe-0123456789abcdef.json': IDLE_MS + 1000,
      'workerServe-0123456789abcdef0124.mjs.77.part': 2 * IDLE_MS,
      '.build-77': 2 * IDLE_MS,
      'cliJobs-0123456789abcdef0125.mjs': IDLE_MS - 60_000,
      'cliJobs-0123456789abcdef.json': 0,
      'notes.txt': 2 * IDLE_MS,
    };
    for (const [name, ageMs] of Object.entries(ages)) {
      writeFileSync(join(dir, name), '');
      utimesSync(join(dir, name), (nowMs - ageMs) / 1000, (nowMs - ageMs) / 1000);
    }
    const idle = Object.keys(ages).filter((n) => ages[n] > IDLE_MS && n !== 'notes.txt');
    expect(removeIdleBundles(dir, nowMs).sort()).toEqual(idle.sort());
    expect(readdirSync(dir).sort()).toEqual(Object.keys(ages).filter((n) => !idle.includes(n)).sort());
  });

  it("a use marks a bundle used, so another build's cleanup keeps it and removes an idle one", () => {
    const entry = entryModule(5);
    const file = fileURLToPath(bundle(entry));
    utimesSync(file, 1, 1);
    expect(fileURLToPath(bundle(entry))).toBe(file);
    expect(statSync(file).mtimeMs).toBeGreaterThan(Date.now() - IDLE_MS / 2);
    // Unused since 1970, as a bundle of an old source would be.
    const idle = join(bundleDir(), 'entry-00000000000000000000.mjs');
    writeFileSync(idle, '');
    utimesSync(idle, 1, 1);
    bundle(entryModule(6));
    expect(existsSync(idle)).toBe(false);
    expect(existsSync(file)).toBe(true);
  });

  it('a process handed a bundle that has been removed since gets it built again', async () => {
    const module = pathToFileURL(entryModule(7));
    const first = bundledModule(module)!;
    rmSync(fileURLToPath(first));
    const again = bundledModule(module)!;
    expect(existsSync(fileURLToPath(again))).toBe(true);
    expect((await import(again.href)).answer).toBe(7);
  });

  it("gives each bundled module its own source file's import.meta.url, so it finds the files next to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-bundle-test-'));
    tempDirs.push(dir);
    const entry = join(dir, 'entry.ts');
    writeDated(join(dir, 'sub.ts'), 'export const subUrl: string = import.meta.url;\n');
    writeDated(entry, "export { subUrl } from './sub';\nexport const entryUrl: string = import.meta.url;\n");
    const url = bundle(entry);
    const m = await import(url.href);
    expect(m.entryUrl).toBe(pathToFileURL(entry).href);
    expect(m.subUrl).toBe(pathToFileURL(join(dir, 'sub.ts')).href);
    expect(url.href).not.toBe(m.entryUrl);
  });

  it("bin/cachelab.js's look-up (esbuild's version from its package file, no esbuild loaded) finds the bundle a build made, and not once a source changed", () => {
    const entry = entryModule(8);
    const built = bundle(entry);
    expect(cachedBundle(entry)?.href).toBe(built.href);
    writeFileSync(entry, 'export const answer: number = 9;\n');
    expect(cachedBundle(entry)).toBeNull();
  });

  it('takes a manifest that cannot be read for no bundle, and the next build writes it afresh', async () => {
    const entry = entryModule(10);
    bundle(entry);
    for (const text of ['{cut sh', '[1]', '{"inputs": 3, "bundle": "x.mjs"}']) {
      writeFileSync(manifestFileOf(entry), text);
      expect(cachedBundle(entry)).toBeNull();
      const rebuilt = bundle(entry);
      expect((await import(rebuilt.href)).answer).toBe(10);
      expect(cachedBundle(entry)?.href).toBe(rebuilt.href);
    }
  });
});
