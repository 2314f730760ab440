// cachelab range <YYYY-MM> [--first-day N] [--time-zone UTC|<IANA zone>]
import { UsageError } from '../../src/config';
import { dayGridMonthRange, parseMonth } from '../../src/app/visibleRange';
import { FIRST_DAY, parseOptionalIntIn } from '../input/numbers';
import { parseCli } from './cliArgs';
import type { CliCommand } from './cliCommand';

export const rangeCommand: CliCommand = {
  name: 'range',
  summary: "print the start and end strings FullCalendar's dayGridMonth passes to the events function",
  help: `Usage: cachelab range <YYYY-MM> [--first-day N] [--time-zone UTC|<IANA zone>]

Prints info.startStr and info.endStr for the month view, separated by a space: always 42 days,
end exclusive (FullCalendar 6, fixedWeekCount true).
  --first-day N      0 (Sunday, default) .. 6
  --time-zone Z      UTC (default) or the browser's zone, e.g. America/New_York

Example:
  cachelab range 2025-10          ->  2025-09-28T00:00:00Z 2025-11-09T00:00:00Z
`,
  parse: parseRangeArgs,
  run(argv, io) {
    const range = parseRangeArgs(argv);
    if (range === 'help') {
      io.out(this.help);
      return 0;
    }
    io.out(`${range.startStr} ${range.endStr}\n`);
    return 0;
  },
};

/** `cachelab range`'s arguments; the range itself is all the command computes, so it is computed here. */
export function parseRangeArgs(argv: string[]): { startStr: string; endStr: string } | 'help' {
  const { values, positionals } = parseCli(argv, { 'first-day': { type: 'string' }, 'time-zone': { type: 'string' } }, 'range', 1);
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('range expects one month, YYYY-MM (e.g. 2025-10)');
  const firstDay = parseOptionalIntIn(values['first-day'] as string | undefined, FIRST_DAY, '--first-day') ?? 0;
  const timeZone = (values['time-zone'] as string | undefined) ?? 'UTC';
  let range;
  try {
    parseMonth(positionals[0]);
    range = dayGridMonthRange(positionals[0], { firstDay, timeZone });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  return range;
}
