// docs/timeline.md quotes the latency table; this keeps the quote true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LATENCY } from '../../sim/latency';

describe('docs/timeline.md', () => {
  const doc = readFileSync('docs/timeline.md', 'utf8');
  it.each(Object.entries(LATENCY))('quotes %s as in sim/latency.ts', (name, range) => {
    expect(doc).toContain(`| \`${name}\` | ${range.nominalMs} | ${range.minMs}..${range.maxMs} |`);
  });
});
