// cachelab merge <shard-report.json>... [--json]: one answer from the reports of explore --shard runs.
import { mergeShards, parseShardReport, type MergedReport } from '../explore/mergeShards';
import { parseCli, type ParsedCli } from './cliArgs';
import { settingLines } from './cliSettings';
import { reportId, reportSchemaFile } from './reports/reportIds';
import type { CliCommand } from './cliCommand';

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'combine the --json reports of `explore --shard i/n` runs into one answer',
  help: `Usage: cachelab merge <report.json>... [--json]

Reads the reports of every shard of one explore (\`cachelab explore <scenario> --shard i/n --json\`,
i from 1 to n, run anywhere: a CI matrix, Kubernetes Indexed Jobs; see docs/sharding.md) and
gives one answer: an invariant is violated when any shard found it violated, with the shortest
witness over the shards (fewest deviations, then the earliest event) and its replay command; the
answer is exhaustive only when every shard's is. The report says what every shard ran with: the
staleness bound (--max-stale-ms), the reductions (--reduction, --symmetry), deferred jitter
(--defer-jitter) and the quiet gap (--quiet-gap). Reports of different explores (these settings
included, the --app file, by its contents, and the version of the CLI that ran each shard, by
a digest of its sources), a missing shard, a shard given twice and an empty
or cut report (a shard killed before it wrote one) are refused; a missing shard's error gives the
command that runs it as the others ran, to its end (no --time-limit), writing shard-<i>.json. The shards need not agree on --max-states.

When a shard did not explore its part to the end (its --time-limit, Ctrl-C, a full heap,
--max-states, --max-deviations), the answer is NOT EXHAUSTIVE: the report names each such shard,
what stopped it, which schedules it covered, and the command that runs it again to its end (no
time limit, no --max-deviations; a tenfold --max-states or a doubled heap when those stopped it),
writing the file merge read.

  --json   print only a JSON report ("schema": "${reportId('merge')}"; its
           fields: docs/json-reports.md; its JSON Schema:
           ${reportSchemaFile('merge')})

Exit code: 0 no violation found (NOT EXHAUSTIVE included: to require that every shard finished,
read "exhaustive" with --json), 1 a violation was found, 2 usage error or unreadable report.

Example:
  for i in 1 2 3 4; do cachelab explore commit-race --config robust --shard $i/4 --json > shard-$i.json; done
  cachelab merge shard-*.json
`,
  parse: parseMergeArgs,
  run(argv, io) {
    const parsed = parseMergeArgs(argv);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { values, positionals } = parsed;
    const merged = mergeShards(positionals.map((file) => parseShardReport(io.readFile(file), file)));
    io.out(values.json ? JSON.stringify(merged, null, 2) + '\n' : formatMerged(merged));
    return merged.witnesses.length ? 1 : 0;
  },
};

/** `cachelab merge`'s flags and report files; reading the reports is the run's. */
export function parseMergeArgs(argv: string[]): ParsedCli | 'help' {
  const parsed = parseCli(argv, { json: { type: 'boolean' } }, 'merge', 10_000);
  return parsed.values.help ? 'help' : parsed;
}

function formatMerged(m: MergedReport): string {
  const sets = m.overrides.length ? ` --set ${m.overrides.join(' --set ')}` : '';
  const lines = [
    `merge: explore ${m.scenario} (config ${m.preset}${sets}), ${m.shards} shard(s)`,
    '',
    `  states explored   ${m.statesExplored} (summed over the shards)`,
    `  distinct states   ${m.distinctStatesSummed} (summed: a state two shards reached counts twice)`,
    `  runs              ${m.runs}`,
    `  collisions        probability ${m.collisionProbability.toExponential(1)} (the shards' summed)`,
    ...settingLines(m, ' in every shard'),
    '',
    ...(m.exhaustive
      ? ['  EXHAUSTIVE: every shard explored its part to the end.']
      : [
          `  NOT EXHAUSTIVE: ${m.shardsNotExhaustive.length} of ${m.shards} shard(s) did not explore their part to the end. The answer covers every schedule with at most ${m.completeUpToDeviations} deviation(s), not every schedule.`,
          ...m.shardsNotExhaustive.map((s) => `    shard ${s.shard}: ${s.why}`),
          '  To finish, run each of them again, then merge every shard\'s report:',
          ...m.shardsNotExhaustive.map((s) => `    ${s.rerun}`),
        ]),
    '',
  ];
  if (!m.witnesses.length) lines.push('  No invariant was violated.', '');
  else {
    lines.push(`  Violated: ${m.violated.join(', ')}`, '');
    for (const w of m.witnesses) lines.push(`  ${w.invariant}: shortest witness from shard ${w.shard}, ${w.nonNominalChoices} non-nominal choice(s), seen at event #${w.seenAtEvent}`, `    replay: ${w.replay}`, '');
  }
  return lines.join('\n');
}
