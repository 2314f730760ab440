// A mistake in a scenario file, said in one sentence: where (the file, its line when known, the
// path inside it), what was found there, and what is allowed. A UsageError, so the CLI exits 2.
import { UsageError } from '../../../src/config';

export type FilePath = ReadonlyArray<string | number>;

export class ScenarioFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly path: FilePath,
    readonly found: string,
    readonly allowed: string,
    readonly line: number | null = null,
    readonly more = 0,
  ) {
    const where = `${file}${line === null ? '' : ` line ${line}`}`;
    const tail = more ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
    super(`${where}: ${formatPath(path)}: found ${found}; allowed: ${allowed}${tail}`);
  }
}

/** steps[2].item, config."deploy.workers", or (the file) for the top level. */
export function formatPath(path: FilePath): string {
  if (!path.length) return '(the file)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `${i ? '.' : ''}${p}` : `${i ? '.' : ''}${JSON.stringify(p)}`))
    .join('');
}

/** A value as the message shows it: short, and typed (a string is quoted, a list says so). */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}..."` : s;
}
