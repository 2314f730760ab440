// Small helpers every measurement shares: a clock (bench/ may read the real one: it measures),
// medians, rounding, and a loop that repeats work until a time budget is spent.
import { performance } from 'node:perf_hooks';

export const nowMs = (): number => performance.now();

/** Median of finite numbers (mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rounds to `digits` significant digits (figures in results.json stay readable). */
export function sig(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const p = Math.pow(10, digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * p) / p;
}

export function perSecond(count: number, ms: number): number {
  return count / (Math.max(ms, 1e-6) / 1000);
}

/**
 * Calls `once` until `budgetMs` have passed (at least `minReps` times) and returns how often it
 * ran, the sum of what it returned (a count of work done) and the time taken.
 */
export function repeatFor(budgetMs: number, once: (rep: number) => number, minReps = 1): { reps: number; work: number; ms: number } {
  const t0 = nowMs();
  let reps = 0;
  let work = 0;
  while (reps < minReps || nowMs() - t0 < budgetMs) work += once(reps++);
  return { reps, work, ms: nowMs() - t0 };
}

/** Progress lines go to stderr, so stdout holds only the table. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
