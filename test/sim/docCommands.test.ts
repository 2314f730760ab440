// Every `cachelab` command the docs quote is one the CLI accepts: read with each command's own
// parse step (CliCommand.parse), never run. A renamed flag, a removed preset, a bad --set or a
// renamed scenario in a doc sends a new user into a usage error; this lists each, file:line.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usageError, unknownCommand } from './docCommands/checkArgv';
import { docQuotes, EXAMPLE_FILES, MARKDOWN_FILES } from './docCommands/docSources';
import { markdownQuotes, plainQuotes, type Quote } from './docCommands/extractQuotes';
import { readQuote } from './docCommands/readQuote';

/** The usage error of one quote, or null: a command's from its parse step, a named command's existence. */
async function problem(q: Quote): Promise<string | null> {
  const r = readQuote(q, existsSync);
  if (r.kind === 'command') return usageError(r.argv);
  if (r.kind === 'name') return unknownCommand(r.command);
  return null;
}

async function problems(quotes: Quote[]): Promise<string[]> {
  const found: string[] = [];
  for (const q of quotes) {
    const p = await problem(q);
    if (p !== null) found.push(`${q.file}:${q.line}: ${q.text}\n    ${p}`);
  }
  return found;
}

describe('the cachelab commands the docs quote', () => {
  const quotes = docQuotes();

  it('are all accepted by the CLI', async () => {
    // How many of each kind, per file: what the extraction found and what it left unchecked.
    const tally = new Map<string, Record<string, number>>();
    for (const q of quotes) {
      const r = readQuote(q, existsSync);
      const kind = r.kind === 'command' && r.standIns.length ? 'command (stand-in)' : r.kind;
      const row = tally.get(q.file) ?? {};
      row[kind] = (row[kind] ?? 0) + 1;
      tally.set(q.file, row);
    }
    console.log([...tally].map(([f, row]) => `${f}: ${Object.entries(row).map(([k, n]) => `${n} ${k}`).join(', ')}`).join('\n'));
    expect(await problems(quotes)).toEqual([]);
  });

  it('miss no line: every line of the docs with the word cachelab holds a quote', () => {
    // Prose outside code is not read: a command written there would go unchecked (and unformatted).
    const quoted = new Set(quotes.map((q) => `${q.file}:${q.line}`));
    const missed = [...MARKDOWN_FILES, ...EXAMPLE_FILES].flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/(?<![\w./-])cachelab(?=\s|$)/.test(line) && !quoted.has(`${f}:${i + 1}`) ? [`${f}:${i + 1}: ${line}`] : [])),
    );
    expect(missed).toEqual([]);
  });

  it('are found in fences, spans and help texts', () => {
    const files = new Set(quotes.map((q) => q.file));
    for (const f of ['README.md', 'docs/sharding.md', 'docs/lessons/cheat-sheet.md', 'examples/robust-app.ts', 'cachelab --help', 'cachelab run --help']) expect(files).toContain(f);
    expect(quotes.filter((q) => readQuote(q, existsSync).kind === 'command').length).toBeGreaterThan(150);
  });

  it('would fail on a renamed flag, an unknown scenario, preset or knob, a bad value', async () => {
    const doc = [
      'Run `npx cachelab check commit-race --config seed-fix --run 100` first.',
      '',
      '```sh',
      'npx cachelab run seed-brokn --format timing',
      'npx cachelab explore multi-worker --config seed-fixes | head',
      'npx cachelab check all --config robust \\',
      '  --set feed.versionKey=false',
      'npx cachelab explore commit-race --shard 5/4 --json > shard.json',
      'npx cachelab run seed-broken --format timing   # fine',
      '```',
      '| a | `npx cachelab replay commit-race --config broken --set version.scope=per-item --choices nominal` |',
      '',
      'Then `cachelab chek` by name.',
    ].join('\n');
    const found = await problems(markdownQuotes('bad.md', doc));
    expect(found.map((p) => p.split(':')[1])).toEqual(['1', '4', '5', '6', '8', '11', '13']);
    // Each entry: the doc line, then the error cachelab prints for it.
    const errors = found.map((p) => p.split('\n    ')[1]);
    expect(errors[0]).toMatch(/unknown flag "--run" \(did you mean --runs\?\)/);
    expect(errors[1]).toMatch(/scenario "seed-brokn"/);
    expect(errors[2]).toMatch(/unknown config preset "seed-fixes"/);
    expect(errors[3]).toMatch(/unknown config key "feed.versionKey"/);
    expect(errors[4]).toMatch(/--shard expects i\/n/);
    expect(errors[5]).toMatch(/bad value "per-item" for version.scope/);
    expect(errors[6]).toMatch(/unknown command "chek"/);
  });

  it('would fail on a help text whose example lost its flag', async () => {
    const help = 'Usage: cachelab run <scenario> [--format F]\n\nExample:\n  cachelab run seed-broken --formt timing   -> a table\n';
    const found = await problems(plainQuotes('cachelab run --help', help));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^cachelab run --help:4: .*\n.*unknown flag "--formt" \(did you mean --format\?\)/);
  });
});
