// docs/performance.md quotes bench/results.json only through bench/performanceDoc.ts: the
// committed page must be exactly what `npm run bench:doc` makes of the committed results file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPerformanceDoc } from '../../bench/performanceDoc';
import type { BenchResults } from '../../bench/run';
import { DOC_FILE, RESULTS_FILE } from '../../bench/writePerformanceDoc';

describe('docs/performance.md', () => {
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;

  it('is generated from bench/results.json (run npm run bench:doc after npm run bench)', () => {
    expect(readFileSync(DOC_FILE, 'utf8')).toBe(renderPerformanceDoc(results));
  });

  it('changes when a figure in the results changes (the page really reads the file)', () => {
    const changed = structuredClone(results);
    changed.check[0].schedulesPerS += 1;
    expect(renderPerformanceDoc(changed)).not.toBe(renderPerformanceDoc(results));
  });

  it('shows the PCT row over the machine\'s cores when the results have it, and says "not measured" when not', () => {
    const withCores = structuredClone(results);
    const pct = withCores.check.find((c) => c.strategy === 'pct')!;
    pct.onCores = { workers: 2, runs: 12_345, ms: 2_000, cpuMs: 3_900, schedulesPerS: 6_172, counterexample: false };
    const doc = renderPerformanceDoc(withCores);
    expect(doc).toContain('| pct | 2 | 6,172 | 12,345 | 2 | 3.9 |');
    expect(doc).toContain('(6,172 over 2 threads)');
    const without = structuredClone(results);
    for (const c of without.check) delete c.onCores;
    expect(renderPerformanceDoc(without)).toContain("| pct | the machine's cores | not measured");
  });
});

