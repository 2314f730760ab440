// cachelab scenarios [--json]
import { SCENARIOS } from '../scenarios/index';
import { parseCli } from './cliArgs';
import type { CliCommand } from './cliCommand';

export const scenariosCommand: CliCommand = {
  name: 'scenarios',
  summary: 'list the scenarios with one-line descriptions',
  help: `Usage: cachelab scenarios [--json]

Lists every scenario: its name, the config preset it runs with by default, and what it shows.
  --json   print a JSON list of {name, description, details, defaultPreset, today}
`,
  run(argv, io) {
    const { values } = parseCli(argv, { json: { type: 'boolean' } }, 'scenarios');
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    if (values.json) {
      io.out(JSON.stringify(SCENARIOS.map(({ name, description, details, defaultPreset, today }) => ({ name, description, details, defaultPreset, today })), null, 2) + '\n');
      return 0;
    }
    const width = Math.max(...SCENARIOS.map((s) => s.name.length));
    const pw = Math.max(...SCENARIOS.map((s) => s.defaultPreset.length)) + 2;
    for (const s of SCENARIOS) io.out(`${s.name.padEnd(width)}  ${`[${s.defaultPreset}]`.padEnd(pw)}  ${s.description}\n`);
    return 0;
  },
};
