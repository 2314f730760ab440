import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/config';
import { readInputFile, writeOutputFile } from '../../../sim/input/readInputFile';

const dir = mkdtempSync(join(tmpdir(), 'cachelab-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('readInputFile', () => {
  it('reads a regular UTF-8 file', () => {
    writeFileSync(join(dir, 'ok.json'), '{"a":"é"}');
    expect(readInputFile(join(dir, 'ok.json'))).toBe('{"a":"é"}');
  });
  it('refuses a directory, a missing file and an empty name', () => {
    expect(refusal(() => readInputFile(dir))).toMatch(/it is a directory, not a regular file/);
    expect(refusal(() => readInputFile(join(dir, 'missing.json')))).toMatch(/no such file/);
    expect(refusal(() => readInputFile(''))).toMatch(/empty/);
  });
  it('refuses a named pipe without waiting for a writer', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => readInputFile(fifo))).toMatch(/a named pipe, not a regular file/);
  });
  it('refuses devices such as /dev/zero without reading them', () => {
    expect(refusal(() => readInputFile('/dev/zero'))).toMatch(/a device/);
    expect(refusal(() => readInputFile('/dev/null'))).toMatch(/a device/);
  });
  it('refuses a file over the limit, and cuts off a file whose size the kernel does not report', () => {
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(2000));
    expect(refusal(() => readInputFile(join(dir, 'big.json'), 1000))).toMatch(/2000 bytes, more than the limit of 1000/);
    // /proc files report size 0 and are read until the limit.
    expect(refusal(() => readInputFile('/proc/self/maps', 10))).toMatch(/larger than the limit of 10 bytes/);
  });
  it('refuses bytes that are not UTF-8', () => {
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d]));
    expect(refusal(() => readInputFile(join(dir, 'latin1.json')))).toMatch(/not UTF-8/);
  });
  it('escapes control characters in the file name it echoes', () => {
    expect(refusal(() => readInputFile(join(dir, 'a\u001b[31mb')))).toMatch(/a\\x1b\[31mb/);
  });
});

describe('writeOutputFile', () => {
  it('writes a file in an existing folder', () => {
    writeOutputFile(join(dir, 'out.json'), 'hello');
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('hello');
  });
  it('refuses a missing folder, a directory, a path through a file, and a named pipe', () => {
    expect(refusal(() => writeOutputFile(join(dir, 'nope', 'out.json'), 'x'))).toMatch(/the folder ".*nope" does not exist/);
    mkdirSync(join(dir, 'sub'));
    expect(refusal(() => writeOutputFile(join(dir, 'sub'), 'x'))).toMatch(/it is a directory/);
    writeFileSync(join(dir, 'file'), '');
    expect(refusal(() => writeOutputFile(join(dir, 'file', 'out.json'), 'x'))).toMatch(/not a folder|not a directory/);
    const fifo = join(dir, 'wpipe');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => writeOutputFile(fifo, 'x'))).toMatch(/a named pipe/);
  });
});
