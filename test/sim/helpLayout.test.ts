// Every command's --help lists its options in one table: each description starts in one column,
// as a reader scanning down expects (matrix's --max-stale-ms and scenarios' --scenario-file stood
// out of theirs).
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../sim/cli/cliCommands';

/** The column where each option line's description starts; an option alone on its line has none. */
function descriptionColumns(help: string): Map<string, number> {
  const columns = new Map<string, number>();
  for (const line of help.split('\n')) {
    const m = /^( {2}--\S+(?: \S+)?\s{2,})\S/.exec(line);
    if (m) columns.set(line.trim().split(/\s{2,}/)[0], m[1].length);
  }
  return columns;
}

describe('--help', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: option descriptions start in one column', (_name, command) => {
    const columns = descriptionColumns(command.help);
    expect(new Set(columns.values()).size, JSON.stringify(Object.fromEntries(columns))).toBeLessThanOrEqual(1);
  });

  // explore's usage lacked --shard and --max-stale-ms, check's --max-stale-ms: a reader who reads
  // only the synopsis (docs/sharding.md sends them to explore --help) missed the flag they came for.
  it.each(['check', 'explore', 'merge'])('%s: its usage line names every option its table describes', (name) => {
    const help = COMMANDS.find((c) => c.name === name)!.help;
    const usage = help.slice(0, help.indexOf('\n\n'));
    const missing = [...descriptionColumns(help).keys()].map((o) => o.split(' ')[0]).filter((flag) => !usage.includes(flag));
    expect(missing).toEqual([]);
  });

  it('sees a misaligned option', () => {
    expect(new Set(descriptionColumns('  --runs N   runs\n  --max-stale-ms N    tolerate\n').values()).size).toBe(2);
  });
});
