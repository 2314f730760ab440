// What the prose-figure tests share: a page as a reader sees it, figures as the docs write them,
// and a run's output read in-process (cliHarness), as text or as its trace's events.
import { readFileSync } from 'node:fs';
import { cachelab } from '../cliHarness';

/** A page with its line breaks and runs of spaces made one space, as a reader sees the prose. */
export const page = (file: string) => readFileSync(file, 'utf8').replace(/\s+/g, ' ');
/** A figure the way the docs write it: thousands grouped with commas (2,005; 300239 stays 300,239). */
export const n = (x: number) => x.toLocaleString('en-US');

export async function stdout(...argv: string[]): Promise<string> {
  return (await cachelab(...argv)).out;
}

/** `--format timing` lines as [ms, actor, text]. */
export function timing(out: string): Array<[number, string, string]> {
  return out.split('\n').flatMap((l) => {
    const m = /^\s*(-?\d+)\s{2,}(\S+)\s{2,}(.*)$/.exec(l);
    return m ? [[Number(m[1]), m[2], m[3]] as [number, string, string]] : [];
  });
}

/** The first timing line whose text matches, after `from` ms. */
export function at(lines: Array<[number, string, string]>, re: RegExp, from = -Infinity): { ms: number; m: RegExpExecArray } {
  for (const [ms, , text] of lines) {
    const m = ms > from ? re.exec(text) : null;
    if (m) return { ms, m };
  }
  throw new Error(`no line matches ${re}`);
}

interface TraceEvent {
  t: number;
  type: string;
  payload: { key?: string; culled?: string[] };
}
export async function events(...argv: string[]): Promise<TraceEvent[]> {
  return (JSON.parse(await stdout(...argv, '--format', 'json')) as { events: TraceEvent[] }).events;
}
