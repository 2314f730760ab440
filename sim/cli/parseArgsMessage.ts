// node:util parseArgs's errors in cachelab's words: the flag they are about and what to type
// instead. Node's own hints ("place it at the end of the command after '--'", "use '--n=-XYZ'")
// are about positional arguments and dashes, not about the flag someone mistyped.
import { didYouMean } from '../input/nearestNames';
import { quoted } from '../input/terminalText';

/**
 * The sentence for a parseArgs error (`flags`: the command's valid flags, with their dashes);
 * anything it does not recognise keeps node's first line.
 */
export function parseArgsMessage(error: Error & { code?: string }, argv: readonly string[], flags: readonly string[]): string {
  const first = error.message.split('\n')[0];
  const flag = /^(?:Unknown option|Option) '([^' ]+)/.exec(first)?.[1];
  if (!flag) return first;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return `unknown flag ${quoted(flag)}${flag.startsWith('--') && flag.length > 3 ? didYouMean(flag, flags) : ''}`;
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
