// Only the clock/PRNG modules (and the CLI, for progress output) may touch real time or randomness.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BANNED = /Date\.now|Math\.random|setTimeout|setInterval|performance\.now|new Date\(\)/;
const ALLOWED_FILE = /^(clock|prng|random|cli)[^/]*\.ts$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no real clock or randomness in src/ and sim/', () => {
  it('finds none outside the clock/PRNG modules', () => {
    const offenders: string[] = [];
    for (const f of [...files('src'), ...files('sim')]) {
      if (ALLOWED_FILE.test(f.split('/').pop()!)) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (BANNED.test(code)) offenders.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('the pattern catches what it should (a checker that cannot fail is a defect)', () => {
    for (const bad of ['const t = Date.now();', 'Math.random()', 'setTimeout(f, 1)', 'new Date()', 'performance.now()']) expect(BANNED.test(bad)).toBe(true);
    expect(BANNED.test('new Date(ms)')).toBe(false);
  });
});
