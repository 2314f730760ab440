// node:util parseArgs's errors in cachelab's words: the flag they are about and what to type
// instead. Node's own hints ("place it at the end of the command after '--'", "use '--n=-XYZ'")
// are about positional arguments and dashes, not about the flag someone mistyped.
import { quoted } from '../input/terminalText';

/** The valid flags a mistyped one most likely meant: the same but for case, else a prefix either way, else one edit away. */
export function nearestFlags(typed: string, flags: readonly string[]): string[] {
  const t = typed.toLowerCase();
  for (const near of [(f: string) => f === t, (f: string) => f.startsWith(t) || t.startsWith(f), (f: string) => oneEditApart(f, t)]) {
    const found = flags.filter(near);
    if (found.length) return found;
  }
  return [];
}

/** One letter added, dropped, changed, or two neighbours swapped. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, skip: number) => x.slice(i + skip);
  if (a.length === b.length) return rest(a, 1) === rest(b, 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, 2) === rest(b, 2));
  return a.length > b.length ? rest(a, 1) === rest(b, 0) : rest(a, 0) === rest(b, 1);
}

/**
 * The sentence for a parseArgs error (`flags`: the command's valid flags, with their dashes);
 * anything it does not recognise keeps node's first line.
 */
export function parseArgsMessage(error: Error & { code?: string }, argv: readonly string[], flags: readonly string[]): string {
  const first = error.message.split('\n')[0];
  const flag = /^(?:Unknown option|Option) '([^' ]+)/.exec(first)?.[1];
  if (!flag) return first;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = flag.startsWith('--') && flag.length > 3 ? nearestFlags(flag, flags) : [];
    return `unknown flag ${quoted(flag)}${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}`;
  }
  if (first.endsWith('argument is ambiguous.')) {
    const at = argv.indexOf(flag);
    const next = at >= 0 ? argv[at + 1] : undefined;
    if (next !== undefined) return `${flag} needs a value, and the next argument ${quoted(next)} looks like a flag (to give a value that starts with "-", write ${flag}=${next})`;
  }
  if (first.endsWith('argument is ambiguous.') || first.endsWith('argument missing')) return `${flag} needs a value`;
  if (first.endsWith('does not take an argument')) return `${flag} takes no value: give it on its own`;
  return first;
}
