// The property tests' smaller end-to-end sample (issue 13): the spawned `cachelab` (bin/cachelab.js,
// as a user runs it, with a heap cap), including a real terminal for the lesson prompt, and the
// built visualizer in headless Chromium given generated links and mutated trace files. Each: exit
// code in {0, 1, 2} and no stack trace (CLI); no script run, no request beyond the page's own
// origin, no uncaught error (page). The in-process tests (test/sim/inputProperties.test.ts) cover
// 10,000 inputs per surface; this sample checks the same entry points are the ones really used.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { explainChromiumFailure, launchChromium } from '../conformance/launchChromium';
import { argvArb, makeWorkFolder, mutatedTraceArb, queryArb, RAW_CONTROL, SCRIPT_PAYLOADS, STACK } from '../sim/inputArbitraries';
import { buildIfStale, DIST, REPO } from './buildApp';
import { serveStatic, type StaticServer } from './staticServer';

const CLI_SAMPLE = 12;
const URL_SAMPLE = 24;
const FILE_SAMPLE = 12;
const BIN = join(REPO, 'bin', 'cachelab.js');
/** A hang guard per spawned command, and the heap cap it runs under (a runaway read dies of it). */
const TIMEOUT_MS = 120_000;
const HEAP_MB = 256;

const work = mkdtempSync(join(tmpdir(), 'cachelab-e2e-props-'));

function spawnCli(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    input,
    timeout: TIMEOUT_MS,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function checkCli(what: string, r: { code: number | null; out: string; err: string }): void {
  expect([0, 1, 2], `${what}: ${r.err}`).toContain(r.code);
  expect(r.err, what).not.toMatch(STACK);
  expect(r.err, what).not.toMatch(RAW_CONTROL);
  expect(r.out, what).not.toMatch(RAW_CONTROL);
  if (r.code === 2) expect(r.err.trimEnd().split('\n'), what).toHaveLength(1);
}

// One browser serves every test here: a test failing because it went away says why.
afterEach(explainChromiumFailure);
beforeAll(() => makeWorkFolder(work));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the spawned CLI', () => {
  it(`${CLI_SAMPLE} generated argument lists and the hostile files (seed 1311)`, () => {
    // No operating system can pass a NUL inside an argument (argv strings end at it), and spawnSync
    // refuses one: such lists are the in-process test's, not a spawned process's.
    const lists = fc.sample(argvArb, { seed: 1311, numRuns: CLI_SAMPLE }).filter((args) => args.every((a) => !a.includes('\0')));
    const fixed = [['replay', 'fifo.json'], ['replay', '/dev/zero'], ['replay', 'ctl.json'], ['replay', 'dir'], ['run', 'seed-broken', '--out', 'dir'], ['run', 'seed-broken', '--seed', '99999999999999999999']];
    for (const args of [...fixed, ...lists]) checkCli(JSON.stringify(args), spawnCli(args));
  }, 600_000);

  it('Ctrl-D and Ctrl-C at a lesson prompt, on a real terminal, end the lesson cleanly', async () => {
    for (const key of ['\u0004', '\u0003']) {
      // script(1) gives the lesson a pseudo-terminal, so it asks; the key is typed at the prompt.
      const child = spawn('script', ['-qec', `${process.execPath} ${BIN} lesson 1`, '/dev/null'], {
        cwd: work,
        env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
      });
      let out = '';
      let typed = false;
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (!typed && out.includes('Your answer: ')) {
            typed = true;
            child.stdin.write(key);
          }
        });
        child.on('close', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(typed, out).toBe(true);
      expect(code, `${JSON.stringify(key)}: ${out}`).toBe(0);
      // Stopped at question 1: carrying on is starting again.
      expect(out).toMatch(/Stopped\. To start again: npx cachelab lesson 1\r?\n/);
      expect(out).not.toMatch(STACK);
    }
  }, 300_000);
});

describe('the built visualizer in headless Chromium', () => {
  let server: StaticServer;
  let ctx: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    buildIfStale();
    server = await serveStatic(DIST);
    ctx = await launchChromium({ timezoneId: 'UTC' });
    page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`outside request: ${url}`);
    });
  }, 300_000);
  afterAll(async () => {
    await ctx?.close();
    await server?.close();
  });

  async function pwned(): Promise<unknown> {
    return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  }

  it(`${URL_SAMPLE} generated links and the script payloads open without running script (seed 1312)`, async () => {
    const fixed = SCRIPT_PAYLOADS.flatMap((p) => [`?scenario=${encodeURIComponent(p)}`, `?scenario=seed-broken&set=${encodeURIComponent(p)}&seed=${encodeURIComponent(p)}&file=${encodeURIComponent(p)}`]);
    for (const search of [...fixed, ...fc.sample(queryArb, { seed: 1312, numRuns: URL_SAMPLE })]) {
      await page.goto(`${server.url}${search}`);
      await page.waitForFunction(() => window.__cachelab?.ready === true);
      expect(await pwned(), search).toBeUndefined();
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it(`${FILE_SAMPLE} mutated trace files are shown or refused, never crash the page (seed 1313)`, async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__cachelab?.ready === true);
    const files = fc.sample(mutatedTraceArb, { seed: 1313, numRuns: FILE_SAMPLE });
    for (const [i, text] of files.entries()) {
      const name = `mutated-${i}.json`;
      await page.locator('[data-testid="file-input"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect
        .poll(async () => (await page.locator('[data-testid="file-banner"]').textContent())?.includes(name) || ((await page.locator('[data-testid="error-text"]').textContent()) ?? '').includes(name))
        .toBe(true);
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      expect(await pwned()).toBeUndefined();
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
