// What a quoted `cachelab ...` is: a command to check (its argv), or something that is not one,
// said why. Skipped, not checked: a placeholder (<scenario>, N, F, NAME, i/n, key=value, a|b
// alternatives, [optional parts], `...` elisions: a synopsis, not a line to paste) and the
// command's output echoed in a doc (`cachelab run: mine.yaml line 14: ...`). A span holding only
// `cachelab <command>` names the command (only that it exists is checked). Instantiated, then
// checked: shell variables ($i, ${{ matrix.shard }}, $((JOB_COMPLETION_INDEX + 1))), which the
// docs use only to number shards, as 1; an --app file the reader writes (my-fix.ts) as
// examples/robust-app.ts; a --scenario-file the reader writes (mine.yaml) is served by the
// checker's io (checkArgv.ts).
import type { Quote } from './extractQuotes';
import { firstCommand, type Word } from './shellWords';

export const STAND_IN_APP = 'examples/robust-app.ts';

export type Reading =
  | { kind: 'command'; argv: string[]; standIns: string[] }
  | { kind: 'placeholder'; why: string }
  | { kind: 'name'; command: string }
  | { kind: 'output' };

function placeholderIn(w: Word): string | null {
  if (w.placeholder) return w.placeholder;
  if (/[[\]]/.test(w.text)) return 'an optional part [...]';
  if (/\.\.\.|…/.test(w.text)) return 'an elision ...';
  if (/^[A-Z][A-Z_]*$/.test(w.text)) return 'a placeholder in capitals';
  if (['key=value', 'k=v', 'i/n'].includes(w.text)) return 'a placeholder value';
  return null;
}

export function readQuote(q: Quote, exists: (path: string) => boolean): Reading {
  const standIns: string[] = [];
  const words = firstCommand(q.text, (expansion) => {
    standIns.push(`${expansion} as 1`);
    return '1';
  });
  const npx = words[0]?.text === 'npx';
  const args = words.slice(npx ? 2 : 1);
  if (args[0]?.text.endsWith(':')) return { kind: 'output' };
  for (const w of args) {
    const why = placeholderIn(w);
    if (why) return { kind: 'placeholder', why: `${why}: ${w.text}` };
  }
  if (q.inSpan && !npx && args.length <= 1 && !args[0]?.text.startsWith('-')) return { kind: 'name', command: args[0]?.text ?? '' };
  const argv = args.map((w) => w.text);
  // A line of prose in a code block or a help text ends with its sentence's full stop.
  if (!q.inSpan && argv.length) argv[argv.length - 1] = argv[argv.length - 1].replace(/(?<=\w)[.,]$/, '');
  for (const [i, a] of argv.entries()) {
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = inline ?? argv[i + 1];
    if (value === undefined || exists(value)) continue;
    if (flag === '--app') {
      standIns.push(`--app ${value} as ${STAND_IN_APP}`);
      if (inline === undefined) argv[i + 1] = STAND_IN_APP;
      else argv[i] = `--app=${STAND_IN_APP}`;
    } else if (flag === '--scenario-file') standIns.push(`--scenario-file ${value} as seed-broken exported`);
  }
  return { kind: 'command', argv, standIns };
}
