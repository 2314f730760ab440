// Every text a new user copies commands from: README.md, docs/*.md, docs/lessons/*.md,
// examples/*, and the CLI's help (`cachelab --help`, `cachelab <command> --help`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../../sim/cli/cliCommands';
import { mainHelp } from '../../../sim/cli/cliDispatch';
import { markdownQuotes, plainQuotes, type Quote } from './extractQuotes';

const filesIn = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));

export const MARKDOWN_FILES = ['README.md', ...filesIn('docs', '.md'), ...filesIn(join('docs', 'lessons'), '.md')];
export const EXAMPLE_FILES = filesIn('examples', '');

export const HELP_TEXTS: Array<{ file: string; text: string }> = [
  { file: 'cachelab --help', text: mainHelp(COMMANDS) },
  ...COMMANDS.map((c) => ({ file: `cachelab ${c.name} --help`, text: c.help })),
];

export function docQuotes(): Quote[] {
  return [
    ...MARKDOWN_FILES.flatMap((f) => markdownQuotes(f, readFileSync(f, 'utf8'))),
    ...EXAMPLE_FILES.flatMap((f) => plainQuotes(f, readFileSync(f, 'utf8'))),
    ...HELP_TEXTS.flatMap((h) => plainQuotes(h.file, h.text)),
  ];
}
