// One regression test per class of input defect found by trying the CLI, trace files and links
// as an attacker would (issue 13): each bad input exits 2 with one clean sentence, never a stack.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../sim/cli/cliCommand';
import { main, nodeIO } from '../../sim/cli/cliMain';
import { terminalPrompt } from '../../sim/cli/cliPrompt';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { parseUrlState } from '../../viz/model/urlState';
import { cli, type CliResult } from './cliHarness';

const BUILTINS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const dir = mkdtempSync(join(tmpdir(), 'cachelab-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 2, one line on stderr, no control characters, no stack, nothing internal. */
function refused(r: CliResult, pattern?: RegExp): void {
  expect(r.code, r.err + r.out).toBe(2);
  const lines = r.err.trimEnd().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(r.err).not.toMatch(/internal error|\n\s+at |[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  if (pattern) expect(r.err).toMatch(pattern);
}

/** `cachelab` in-process against the real file system. */
async function real(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(argv, { ...nodeIO, out: (t) => void (out += t), err: (t) => void (err += t.endsWith('\n') ? t : t + '\n'), isTTY: false });
  return { code, out, err, files: new Map() };
}

describe('names are looked up as own keys only', () => {
  it.each(BUILTINS)('"%s" is no preset, knob, scenario, time zone, lesson or command', async (name) => {
    refused(await cli(['run', 'seed-broken', '--config', name]), /unknown config preset/);
    refused(await cli(['config', '--config', name]), /unknown config preset/);
    refused(await cli(['replay', 'seed-broken', '--choices', '0', '--config', name]), /unknown config preset/);
    refused(await cli(['config', '--set', `${name}=1`]), /unknown config key/);
    refused(await cli(['run', name]), /unknown scenario/);
    refused(await cli(['range', '2025-10', '--time-zone', name]), /Invalid time zone/);
    refused(await cli(['config', '--set', `calendar.timeZone=${name}`]), /bad value/);
    refused(await cli(['lesson', name]), /lesson expects a lesson number/);
    refused(await cli([name]), /unknown command/);
    const url = parseUrlState(`?scenario=seed-broken&preset=${encodeURIComponent(name)}&set=${encodeURIComponent(`${name}=1`)}`);
    expect(url.state.runs[0].preset).toBe('broken');
    expect(url.errors.join(' ')).toMatch(/unknown preset .* unknown config key/);
    expect(parseUrlState(`?scenario=${encodeURIComponent(name)}`).errors[0]).toMatch(/unknown scenario/);
  });
});

describe('numbers: one parser and range for the CLI and the link', () => {
  it('refuses seeds past 2^32 and long digit strings, with the same sentence in both', async () => {
    for (const seed of ['4294967296', '9'.repeat(40), '-1', '1e3', '0x10', '1.5']) {
      const r = await cli(['run', 'seed-broken', `--seed=${seed}`]);
      refused(r, /--seed expects a seed, an integer from 0 to 4294967295/);
      const url = parseUrlState(`?scenario=seed-broken&seed=${encodeURIComponent(seed)}`);
      expect(url.state.runs[0].seed).toBeNull();
      expect(url.errors[0]).toBe(r.err.trim().replace('cachelab run: --seed', 'seed'));
    }
  });

  it('records the seed a run used (the largest one too, never null or wrapped)', async () => {
    const r = await cli(['run', 'seed-broken', '--seed', '4294967295', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).seed).toBe(4294967295);
    expect(parseUrlState('?scenario=seed-broken&seed=4294967295').state.runs[0].seed).toBe(4294967295);
    expect(() => runScenario(getScenario('seed-broken'), { seed: Infinity })).toThrow(/a seed must be an integer/);
    expect(() => runScenario(getScenario('seed-broken'), { seed: 2 ** 32 })).toThrow(/a seed must be an integer/);
  });

  it('bounds runs, states, lesson numbers, first days, steps and choices', async () => {
    refused(await cli(['check', 'seed-broken', '--runs', '0']), /--runs expects a number of runs/);
    refused(await cli(['check', 'seed-broken', '--runs', '99999999999999999999']), /--runs/);
    refused(await cli(['matrix', '--runs', '1e9']), /--runs/);
    refused(await cli(['explore', 'seed-broken', '--max-states', '0']), /--max-states/);
    refused(await cli(['lesson', '99']), /no lesson 99/);
    // 0 is a lesson number a newcomer tries: it gets the lessons, not "an integer from 1 to 999".
    refused(await cli(['lesson', '0']), /^cachelab lesson: no lesson 0; lessons: 1 \(The bug as a user sees it\)/);
    refused(await cli(['lesson', '1000']), /an integer from 1 to 999/);
    refused(await cli(['range', '2025-10', '--first-day', '7']), /--first-day expects a first day of the week, an integer from 0 to 6/);
    refused(await cli(['replay', 'seed-broken', '--choices', '0,-1']), /--choices expects comma-separated integers/);
    refused(await cli(['replay', 'seed-broken', '--choices', '99999999999']), /--choices/);
    expect(parseUrlState('?step=99999999999999999999').errors[0]).toMatch(/^step expects a step/);
    expect(parseUrlState('?lesson=0').errors[0]).toMatch(/^lesson expects a lesson number/);
    expect(parseUrlState('?scenario=seed-broken&choices=1,x').errors[0]).toMatch(/^choices expects/);
  });
});

describe('extra positional arguments are refused, on every command', () => {
  it.each([
    ['scenarios', 'x'],
    ['run', 'seed-broken', 'x'],
    ['range', '2025-10', 'x'],
    ['config', 'seed-broken', 'x'],
    ['conformance', 'x'],
    ['lesson', '1', 'x'],
    ['check', 'seed-broken', 'x'],
    ['explore', 'seed-broken', 'x'],
    ['replay', 'a.json', 'x'],
    ['matrix', 'seed-broken', 'x'],
    ['help', 'run', 'x'],
    ['--help', 'x'],
  ])('cachelab %s ...', async (...argv) => {
    refused(await cli(argv), /unexpected "x"|takes no arguments|expected one command name/);
  });
});

describe('files: only regular files within the size limit are read; --out must be writable', () => {
  it('refuses a directory, a named pipe, a device and a missing file as a trace, without blocking', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    refused(await real('replay', dir), /it is a directory, not a regular file/);
    refused(await real('replay', fifo), /it is a named pipe, not a regular file/);
    refused(await real('replay', '/dev/zero'), /it is a device, not a regular file/);
    refused(await real('replay', join(dir, 'missing.json')), /no such file/);
  });

  it('refuses --out into a missing folder or onto a directory, before any work', async () => {
    refused(await real('run', 'seed-broken', '--out', join(dir, 'nope', 'x.json')), /the folder ".*nope" does not exist/);
    refused(await real('run', 'seed-broken', '--out', dir), /it is a directory; give a file name/);
    refused(await real('check', 'seed-broken', '--runs', '1', '--out', dir), /it is a directory/);
    refused(await real('replay', 'seed-broken', '--choices', '0', '--out', join(dir, 'nope', 'x.json')), /does not exist/);
  });
});

describe('trace files: validated before any field is read', () => {
  const trace = runScenario(getScenario('seed-broken'), { seed: 9 });
  const good = JSON.stringify(trace, null, 1) + '\n';
  const replay = (text: string) => cli(['replay', 't.json'], new Map([['t.json', text]]));

  it('a malformed field, a dangling reference or deep nesting exits 2 naming where', async () => {
    const t = () => JSON.parse(good);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...t(), events: 'x' }, /at events: /],
      [{ ...t(), scenario: ['seed-broken'] }, /at scenario: /],
      [{ ...t(), overrides: [{}] }, /at overrides\[0\]/],
      [{ ...t(), overrides: ['constructor=1'] }, /unknown config key "constructor"/],
      [{ ...t(), preset: 'toString' }, /unknown config preset "toString"/],
      [{ ...t(), scenario: '__proto__' }, /unknown scenario "__proto__"/],
      [{ ...t(), seed: 2 ** 32 }, /at seed: /],
      [{ ...t(), choices: [1e300] }, /at choices\[0\]/],
      [{ ...t(), outcome: null }, /at outcome: /],
      [{ ...t(), events: t().events.map((e: { actor: string }, i: number) => (i === 5 ? { ...e, actor: 'ghost' } : e)) }, /events\[5\]\.actor: no actor has this id/],
    ];
    for (const [value, pattern] of cases) refused(await replay(JSON.stringify(value)), pattern);
    refused(await replay(good.replace('"overrides": []', `"overrides": ${'['.repeat(100_000)}${']'.repeat(100_000)}`)), /nests deeper than the limit of 64 levels/);
    refused(await replay('{"format": "calendar-cache-lab/trace", "version": 1, "__proto__": {"events": []}}'), /a key named "__proto__"/);
  });

  it('a changed trace is never "identical": values, key order, whitespace, spelling', async () => {
    const changed = [
      good.replace('"seed": 9', '"seed": 10'),
      good.replace(/\n$/, ''),
      good.replace('{\n "format"', '{\n  "format"'),
      good.replace('"seed": 9', '"seed": 9.0'),
      good.replace('"seed": 9', '"seed": 1, "seed": 9'),
      good.replace('"format": "calendar-cache-lab/trace",\n "version": 1', '"version": 1,\n "format": "calendar-cache-lab/trace"'),
      good.replace('"preset": "broken"', '"preset": "\\u0062roken"'),
    ];
    expect((await replay(good)).code).toBe(0);
    for (const text of changed) {
      expect(text).not.toBe(good);
      const r = await replay(text);
      expect(r.code, `change ${changed.indexOf(text)}`).toBe(1);
      expect(r.out).toMatch(/DIFFERENT/);
      expect(r.out).not.toMatch(/identical\./);
    }
  });

  it('control characters from the file or an argument reach the terminal escaped', async () => {
    const r = await replay(JSON.stringify({ ...JSON.parse(good), format: 'x\u001b]0;owned\u0007' }));
    refused(r, /\\u001b\]0;owned/);
    const ctl = '\u001b[2J\u001b]0;title\u0007\u009b31m\u202e';
    for (const argv of [['run', ctl], ['run', 'seed-broken', '--seed', ctl], ['config', '--set', `${ctl}=1`], [ctl], ['replay', ctl], ['run', 'seed-broken', `--${ctl}`]]) {
      const res = argv[0] === 'replay' ? await real(...argv) : await cli(argv);
      refused(res);
      expect(res.err).toMatch(/\\x1b\[2J/);
    }
    const damaged = await replay(JSON.stringify({ ...JSON.parse(good), description: 'bell\u0007' }));
    expect(damaged.code).toBe(1);
    expect(damaged.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('exit codes', () => {
  it('an unexpected error is one line and exit 2, never a stack trace', async () => {
    const boom: CliCommand = { name: 'boom', summary: '', help: '', parse: () => null, run: () => (null as unknown as { x: () => number }).x() };
    let err = '';
    const code = await main(['boom'], { ...nodeIO, err: (t) => void (err += t) }, [boom]);
    expect(code).toBe(2);
    expect(err).toMatch(/^cachelab boom: internal error \(please report it\): TypeError: /);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('the lesson prompt', () => {
  it('answers null on Ctrl-D (end of input) and on Ctrl-C, instead of throwing', async () => {
    const input = new PassThrough();
    const p = terminalPrompt(input, new PassThrough());
    const first = p.question('? ');
    input.write('b\n');
    expect(await first).toBe('b');
    const second = p.question('? ');
    input.end();
    expect(await second).toBeNull();
    expect(await p.question('? ')).toBeNull();

    const input2 = new PassThrough();
    const p2 = terminalPrompt(input2, new PassThrough());
    const q = p2.question('? ');
    (p2 as unknown as { close(): void }).close();
    expect(await q).toBeNull();
  });
});

describe('cachelab conformance on a fresh clone', () => {
  it('points at the committed docs/conformance.md (exit 0); a --dir that does not exist is a usage error', async () => {
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    const cwd = process.cwd();
    process.chdir(fresh);
    try {
      const r = await real('conformance');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/docs\/conformance\.md/);
      refused(await real('conformance', '--dir', 'missing'), /no such folder/);
      writeFileSync('bad.json', '{"name": 1}');
      refused(await real('conformance', '--dir', '.'), /malformed conformance result ".*bad.json" at name/);
      refused(await real('conformance', '--dir', 'bad.json'), /is not a folder/);
    } finally {
      process.chdir(cwd);
    }
  });
});
