// How the docs' command check reads a quoted line: where a command ends, what it skips as a
// placeholder and why, what it stands in for. The check is only as honest as this reading.
import { describe, expect, it } from 'vitest';
import { markdownQuotes, plainQuotes, type Quote } from './docCommands/extractQuotes';
import { readQuote, STAND_IN_APP } from './docCommands/readQuote';

const inRepo = (path: string) => path.startsWith('examples/');
const read = (text: string, inSpan = false) => readQuote({ file: 'x.md', line: 1, text, inSpan }, inRepo);
const argv = (text: string, inSpan = false) => {
  const r = read(text, inSpan);
  return r.kind === 'command' ? r.argv : r.kind;
};

describe('reading a quoted cachelab line', () => {
  it('ends the command at pipes, redirections, ;, &&, ||, (, #, -> and a sentence full stop', () => {
    expect(argv('npx cachelab run seed-broken --format json | head')).toEqual(['run', 'seed-broken', '--format', 'json']);
    expect(argv('cachelab scenarios --export seed-broken > mine.json && cachelab run --scenario-file mine.json')).toEqual(['scenarios', '--export', 'seed-broken']);
    expect(argv('cachelab explore x --json 2>/dev/null; echo')).toEqual(['explore', 'x', '--json']);
    expect(argv('cachelab merge shard-*.json || test $? -eq 1')).toEqual(['merge', 'shard-*.json']);
    expect(argv('npx cachelab run seed-broken --format timing      (abridged)')).toEqual(['run', 'seed-broken', '--format', 'timing']);
    expect(argv('npx cachelab lesson 1     # the course')).toEqual(['lesson', '1']);
    expect(argv('cachelab range 2025-10   ->  2025-09-28T00:00:00Z')).toEqual(['range', '2025-10']);
    expect(argv('the recommendation: cachelab check all --config robust.'.slice(20))).toEqual(['check', 'all', '--config', 'robust']);
  });

  it('keeps quoted arguments whole', () => {
    expect(argv('cachelab replay x --choices "route r3=1;latency db.query worker:1@2=2" --out a.json')).toEqual(['replay', 'x', '--choices', 'route r3=1;latency db.query worker:1@2=2', '--out', 'a.json']);
  });

  it('skips synopses and placeholders, saying which', () => {
    for (const [text, why] of [
      ['cachelab check <scenario> --config seed-fix', 'a <placeholder>: <scenario>'],
      ['cachelab range <YYYY-MM> [--time-zone UTC|<IANA zone>]', 'a <placeholder>: <YYYY-MM>'],
      ['cachelab lesson N --no-answers', 'a placeholder in capitals: N'],
      ['cachelab explore x --shard i/n', 'a placeholder value: i/n'],
      ['cachelab config --set key=value', 'a placeholder value: key=value'],
      ['cachelab explore --quiet-gap on|off', 'alternatives a|b: on|off'],
      ['cachelab config [--config P]', 'an optional part [...]: [--config'],
      ['cachelab replay x --set ... --choices 0,3,...', 'an elision ...: ...'],
    ]) expect(read(text)).toEqual({ kind: 'placeholder', why });
  });

  it('reads a span of only a command name as naming it, and echoed output as output', () => {
    expect(read('cachelab check', true)).toEqual({ kind: 'name', command: 'check' });
    expect(argv('npx cachelab check', true)).toEqual(['check']);
    expect(argv('cachelab explore --help', true)).toEqual(['explore', '--help']);
    expect(read('cachelab run: mine.yaml line 14: steps[1].do: found "remove"')).toEqual({ kind: 'output' });
  });

  it('instantiates shell variables as 1 and files the reader writes with stand-ins, and says so', () => {
    expect(read('npx cachelab explore c --shard ${{ matrix.shard }}/4 --json > s.json')).toEqual({ kind: 'command', argv: ['explore', 'c', '--shard', '1/4', '--json'], standIns: ['${{ matrix.shard }} as 1'] });
    expect(read('cachelab explore c --shard $((JOB_COMPLETION_INDEX + 1))/4')).toMatchObject({ argv: ['explore', 'c', '--shard', '1/4'] });
    expect(read('cachelab check all --app my-fix.ts')).toEqual({ kind: 'command', argv: ['check', 'all', '--app', STAND_IN_APP], standIns: [`--app my-fix.ts as ${STAND_IN_APP}`] });
    expect(read('cachelab check all --app=examples/robust-app.ts')).toEqual({ kind: 'command', argv: ['check', 'all', '--app=examples/robust-app.ts'], standIns: [] });
    expect(read('cachelab run --scenario-file mine.yaml')).toMatchObject({ standIns: ['--scenario-file mine.yaml as seed-broken exported'] });
  });
});

describe('finding the quotes', () => {
  const lines = (qs: Quote[]) => qs.map((q) => [q.line, q.text, q.inSpan]);

  it('in Markdown: fences line by line with continuations, spans over a line break, table cells', () => {
    const md = [
      'Run `npx cachelab run',
      'seed-broken` and see.', // 2
      '',
      '```sh',
      'npx cachelab check all \\',
      '  --config robust',
      'echo cachelab', // not a command word followed by arguments: still found, read later
      '```',
      '| a | `cachelab scenarios --export x --format json\\|yaml` |',
      'Prose about cachelab run x is not a quote.',
    ].join('\n');
    expect(lines(markdownQuotes('x.md', md))).toEqual([
      [1, 'npx cachelab run seed-broken', true],
      [5, 'npx cachelab check all  --config robust', false],
      [7, 'cachelab', false],
      [9, 'cachelab scenarios --export x --format json|yaml', true],
    ]);
  });

  it('in plain text: each line, with its backtick spans apart', () => {
    expect(lines(plainQuotes('h', 'Start:  cachelab run a    (then: cachelab run b)\nsee `cachelab config` for knobs'))).toEqual([
      [1, 'cachelab run a    (then: cachelab run b)', false],
      [1, 'cachelab run b)', false],
      [2, 'cachelab config', true],
    ]);
  });
});
