// cachelab conformance [--dir DIR] [--markdown] [--json]: the conformance report, built from the
// results the conformance suite writes (npm run conformance).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../src/config';
import { parseCli } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

interface Section {
  name: string;
  layer: string;
  real: string;
  mustAgree: boolean;
  cases: number;
  agreed: number;
  disagreements: Array<{ input: unknown; model: unknown; real: unknown }>;
  seed?: number;
  notes?: string[];
}

function readSections(dir: string, io: CliIO): Section[] {
  if (!existsSync(dir)) throw new UsageError(`no conformance results in ${dir}: run \`npm run conformance\` first`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      try {
        return JSON.parse(io.readFile(join(dir, f))) as Section;
      } catch (e) {
        throw new UsageError(`malformed conformance result ${join(dir, f)}: ${(e as Error).message}`);
      }
    });
}

const short = (v: unknown) => {
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
};

export function conformanceMarkdown(sections: Section[]): string {
  const lines = [
    '# Conformance report',
    '',
    'Each layer model and the real component it models received the same inputs; their observable results were compared.',
    'Regenerate: `npm run conformance && npx cachelab conformance --markdown > docs/conformance.md`.',
    '',
    '| section | layer | real component | must agree | cases | agreed | disagreements |',
    '|---|---|---|---|---|---|---|',
    ...sections.map((s) => `| ${s.name} | ${s.layer} | ${s.real} | ${s.mustAgree ? 'yes' : 'no (a belief, shown)'} | ${s.cases} | ${s.agreed} | ${s.disagreements.length} |`),
  ];
  for (const s of sections) {
    if (!s.disagreements.length && !s.notes?.length) continue;
    lines.push('', `## ${s.name}${s.seed !== undefined ? ` (seed ${s.seed})` : ''}`);
    for (const n of s.notes ?? []) lines.push(`- ${n}`);
    for (const d of s.disagreements.slice(0, 20)) lines.push(`- input \`${short(d.input)}\`: model \`${short(d.model)}\`, real \`${short(d.real)}\``);
    if (s.disagreements.length > 20) lines.push(`- ... and ${s.disagreements.length - 20} more`);
  }
  return lines.join('\n') + '\n';
}

export const conformanceCommand: CliCommand = {
  name: 'conformance',
  summary: 'print the conformance report: each layer model against the real component',
  help: `Usage: cachelab conformance [--dir DIR] [--markdown] [--json]

Summarizes the results written by the conformance suite (run \`npm run conformance\` first): for
each layer, how many cases were compared with the real component, how many agreed, and every
disagreement with its input. Exit 1 when a section that must agree has disagreements.
  --dir DIR     where the results are (default test-results/conformance)
  --markdown    print Markdown (docs/conformance.md is made this way)
  --json        print the sections as JSON
`,
  run(argv, io) {
    const { values } = parseCli(argv, { dir: { type: 'string' }, markdown: { type: 'boolean' }, json: { type: 'boolean' } }, 'conformance');
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    const sections = readSections((values.dir as string | undefined) ?? join('test-results', 'conformance'), io);
    if (values.json) io.out(JSON.stringify(sections, null, 2) + '\n');
    else if (values.markdown) io.out(conformanceMarkdown(sections));
    else {
      const w = Math.max(8, ...sections.map((s) => s.name.length));
      io.out(`${'section'.padEnd(w)}  must agree  cases  agreed  disagreements\n`);
      for (const s of sections) io.out(`${s.name.padEnd(w)}  ${(s.mustAgree ? 'yes' : 'no').padEnd(10)}  ${String(s.cases).padStart(5)}  ${String(s.agreed).padStart(6)}  ${s.disagreements.length}\n`);
    }
    return sections.some((s) => s.mustAgree && s.disagreements.length > 0) ? 1 : 0;
  },
};
