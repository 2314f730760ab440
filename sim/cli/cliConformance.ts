// cachelab conformance [--dir DIR] [--markdown] [--json]: the conformance report, built from the
// results the conformance suite writes (npm run conformance).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../src/config';
import { InputFileError, parseJsonText } from '../input/jsonText';
import { escapeControls, escapeJsonControls, quoted } from '../input/terminalText';
import { formatPath } from '../traceFile';
import { parseCli, type ParsedCli } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

const DEFAULT_DIR = join('test-results', 'conformance');
const MAX_SECTIONS = 1000;
const MAX_ITEMS = 1_000_000;

/** One results file, as the conformance suite writes it (test/conformance/report.ts). */
const SECTION = z.object({
  name: z.string().max(200),
  layer: z.string().max(200),
  real: z.string().max(10_000),
  mustAgree: z.boolean(),
  cases: z.int().min(0),
  agreed: z.int().min(0),
  disagreements: z.array(z.object({ input: z.json(), model: z.json(), real: z.json() })).max(MAX_ITEMS),
  seed: z.int().optional(),
  notes: z.array(z.string().max(10_000)).max(MAX_ITEMS).optional(),
});
type Section = z.infer<typeof SECTION>;

/** The sections in `dir`; null when `dir` does not exist (no results measured on this machine). */
function readSections(dir: string, io: CliIO): Section[] | null {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) return null;
  if (!st.isDirectory()) throw new UsageError(`--dir ${quoted(dir)} is not a folder`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length > MAX_SECTIONS) throw new UsageError(`${quoted(dir)} holds ${files.length} result files, more than the limit of ${MAX_SECTIONS}`);
  return files.map((f) => {
    const path = join(dir, f);
    let data: unknown;
    try {
      data = parseJsonText(io.readFile(path), 'a conformance result');
    } catch (e) {
      if (e instanceof InputFileError) throw new UsageError(`${quoted(path)}: ${e.message}`);
      throw e;
    }
    const r = SECTION.safeParse(data);
    if (!r.success) throw new UsageError(`malformed conformance result ${quoted(path)} at ${formatPath(r.error.issues[0].path)}: ${r.error.issues[0].message}`);
    return r.data;
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
  --dir DIR     where the results are (default test-results/conformance; on a fresh clone
                there are none, and the command points at the committed docs/conformance.md)
  --markdown    print Markdown (docs/conformance.md is made this way)
  --json        print the sections as JSON
`,
  parse: parseConformanceArgs,
  run(argv, io) {
    const values = parseConformanceArgs(argv);
    if (values === 'help') {
      io.out(this.help);
      return 0;
    }
    const dir = values.dir as string | undefined;
    const sections = readSections(dir ?? DEFAULT_DIR, io);
    if (sections === null) {
      if (dir !== undefined) throw new UsageError(`no conformance results in ${quoted(dir)}: no such folder`);
      io.out(
        `No conformance results on this machine yet (${DEFAULT_DIR} does not exist).\n` +
          'The committed report, measured against the real components, is docs/conformance.md.\n' +
          'To measure again here: npm run conformance && npx cachelab conformance\n',
      );
      return 0;
    }
    // The sections' text comes from files: escape it before it reaches a terminal.
    if (values.json) io.out(escapeJsonControls(JSON.stringify(sections, null, 2)) + '\n');
    else if (values.markdown) io.out(escapeControlsKeepLines(conformanceMarkdown(sections)));
    else {
      const w = Math.max(8, ...sections.map((s) => s.name.length));
      io.out(`${'section'.padEnd(w)}  must agree  cases  agreed  disagreements\n`);
      for (const s of sections) io.out(`${escapeControls(s.name).padEnd(w)}  ${(s.mustAgree ? 'yes' : 'no').padEnd(10)}  ${String(s.cases).padStart(5)}  ${String(s.agreed).padStart(6)}  ${s.disagreements.length}\n`);
    }
    return sections.some((s) => s.mustAgree && s.disagreements.length > 0) ? 1 : 0;
  },
};

/** `cachelab conformance`'s flags; whether --dir holds results is for the run to find out. */
export function parseConformanceArgs(argv: string[]): ParsedCli['values'] | 'help' {
  const { values } = parseCli(argv, { dir: { type: 'string' }, markdown: { type: 'boolean' }, json: { type: 'boolean' } }, 'conformance');
  return values.help ? 'help' : values;
}

function escapeControlsKeepLines(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}
