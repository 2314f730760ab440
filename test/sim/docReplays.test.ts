// The `cachelab replay ... --choices` lines the docs quote still do what the docs say: parsing
// (docCommands.test.ts) cannot tell whether a choice list still fits its scenario, so these are
// run, in this process (a replay is one short run). A quote followed by "(exit N)" must exit N;
// any other must not be a usage error (exit 2).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../sim/cli/cliCommand';
import { main } from '../../sim/cli/cliMain';
import { DOC_IO } from './docCommands/checkArgv';
import { docQuotes } from './docCommands/docSources';
import { markdownQuotes, type Quote } from './docCommands/extractQuotes';
import { readQuote } from './docCommands/readQuote';

/** The exit code a doc line gives for its quote: "`...` (exit N)" right after it, else null. */
function exitNoted(q: Quote, source: string): number | null {
  const line = source.split('\n')[q.line - 1] ?? '';
  const at = line.indexOf(q.text);
  const after = at >= 0 ? line.slice(at + q.text.length) : '';
  const m = /^`?\s*\(exit (\d)\)/.exec(after);
  return m ? Number(m[1]) : null;
}

interface ReplayRun {
  where: string;
  expected: number | null;
  code: number;
  err: string;
}

async function runReplays(quotes: Quote[], sourceOf: (file: string) => string): Promise<ReplayRun[]> {
  const runs: ReplayRun[] = [];
  for (const q of quotes) {
    const r = readQuote(q, existsSync);
    if (r.kind !== 'command' || r.argv[0] !== 'replay' || !r.argv.includes('--choices') || r.standIns.length) continue;
    let err = '';
    const io: CliIO = { ...DOC_IO, err: (s) => void (err += s) };
    const code = await main(r.argv, io);
    runs.push({ where: `${q.file}:${q.line}: ${q.text}`, expected: exitNoted(q, sourceOf(q.file)), code, err: err.split('\n')[0] });
  }
  return runs;
}

/** The runs that contradict their doc: a noted exit code not given, or a usage error. */
function wrong(runs: ReplayRun[]): string[] {
  return runs.filter((r) => (r.expected === null ? r.code === 2 : r.code !== r.expected)).map((r) => `${r.where}\n    exit ${r.code}${r.expected === null ? '' : `, the doc says ${r.expected}`} ${r.err}`);
}

describe('the replay --choices lines the docs quote', () => {
  it('exit as the docs say when run', async () => {
    const runs = await runReplays(docQuotes(), (f) => readFileSync(f, 'utf8'));
    console.log(`${runs.length} replay line(s) run, ${runs.filter((r) => r.expected !== null).length} with a noted exit code`);
    expect(runs.length).toBeGreaterThan(5);
    expect(wrong(runs)).toEqual([]);
  }, 120_000);

  it('would fail on a noted exit code the run does not give, and on a usage error', async () => {
    const doc = [
      'Nominal robust holds: `npx cachelab replay commit-race --config robust --choices 0` (exit 1).',
      'Broken fails: `npx cachelab replay seed-broken --config broken --choices 0` (exit 1).',
      '```sh',
      'npx cachelab replay commit-race --config robust --set version.scope=nope --choices 0',
      '```',
    ].join('\n');
    const found = wrong(await runReplays(markdownQuotes('bad.md', doc), () => doc));
    expect(found.map((p) => p.split(':')[1])).toEqual(['1', '4']);
    expect(found[0]).toMatch(/exit 0, the doc says 1/);
    expect(found[1]).toMatch(/exit 2 .*version\.scope/);
  });
});
