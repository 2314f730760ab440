// docs/input-contract.md states the limits and ranges the code enforces: keep the two equal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as limits from '../../sim/input/limits';
import { AT_STEP, CHOICE, FIRST_DAY, LESSON, MAX_STATES, MS, QUESTION, RUNS, SEED, STEP, WORKERS } from '../../sim/input/numbers';

const doc = readFileSync(new URL('../../docs/input-contract.md', import.meta.url), 'utf8');
const section = (title: string) => doc.slice(doc.indexOf(`## ${title}`), doc.indexOf('\n## ', doc.indexOf(`## ${title}`) + 3));

describe('docs/input-contract.md', () => {
  it('quotes every limit with its value', () => {
    const rows = section('Limits');
    for (const [name, value] of Object.entries(limits)) expect(rows, name).toMatch(new RegExp(`\\| ${value}( |$)`, 'm'));
    expect(rows.match(/^\| [^-|][^|]*\| \d+/gm)).toHaveLength(Object.keys(limits).length);
  });
  it('quotes every number range', () => {
    const rows = section('Numbers');
    for (const r of [SEED, RUNS, MAX_STATES, WORKERS, MS, LESSON, FIRST_DAY, STEP, AT_STEP, QUESTION, CHOICE]) expect(rows, r.what).toContain(`| ${r.min} .. ${r.max}`);
  });
});
