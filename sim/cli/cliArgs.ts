// Flag parsing on top of node:util parseArgs: unknown flags, missing values and extra positional
// arguments become a UsageError (exit 2) with the valid flags listed.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../src/config';
import { parseIntIn } from '../input/numbers';
import { parseArgsMessage } from './parseArgsMessage';
import { didYouMean } from '../input/nearestNames';
import { quoted } from '../input/terminalText';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCli {
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

/**
 * `maxPositionals`: how many arguments besides flags the command takes (default none); more are
 * refused rather than silently ignored. With --help they are not checked: the help is printed.
 */
export function parseCli(argv: string[], options: Options, command: string, maxPositionals = 0): ParsedCli {
  let parsed: ParsedCli;
  let tokens: Array<{ kind: string; name?: string; value?: string }>;
  try {
    ({ tokens, ...parsed } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true, tokens: true }));
  } catch (e) {
    const flags = Object.keys(options).map((k) => `--${k}`);
    const msg = parseArgsMessage(e as Error, argv, [...flags, '--help']);
    throw new UsageError(`${msg}. Valid flags for ${command}: ${flags.join(', ') || '(none)'}, --help`);
  }
  refuseRepeatedFlags(tokens, options, command);
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(
      `${command} takes ${maxPositionals === 0 ? 'no arguments' : maxPositionals === 1 ? 'one argument' : `${maxPositionals} arguments`} besides flags; unexpected ${quoted(extra)} (see cachelab ${command} --help)`,
    );
  }
  return parsed;
}

/**
 * A flag that takes one value, given twice with different values (`--config robust --config broken`):
 * parseArgs keeps the last, so the run would silently use one of two presets the user typed.
 */
function refuseRepeatedFlags(tokens: Array<{ kind: string; name?: string; value?: string }>, options: Options, command: string): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== 'option' || !t.name || options[t.name]?.multiple) continue;
    if (seen.has(t.name) && seen.get(t.name) !== t.value) {
      const [a, b] = [seen.get(t.name), t.value];
      throw new UsageError(`--${t.name} is given twice${a !== undefined && b !== undefined ? ` (${quoted(a)}, then ${quoted(b)})` : ''}: give it once (see cachelab ${command} --help)`);
    }
    seen.set(t.name, t.value);
  }
}

/** An unbounded non-negative integer flag. Prefer parseOptionalIntIn with a shared range from sim/input/numbers. */
export function parseIntFlag(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  return parseIntIn(value, { what: 'an integer', min, max: Number.MAX_SAFE_INTEGER }, flag);
}

export function oneOfFlag<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got ${quoted(value)}${didYouMean(value, allowed)}`);
  return value as T;
}

/**
 * --set may be given several times, once per knob: the same knob twice with different values
 * (`--set deploy.workers=4 --set deploy.workers=2`) is refused, as a one-value flag given twice is,
 * rather than the last silently winning while the header lists both.
 */
export function setFlags(value: string | string[] | boolean | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  const all = Array.isArray(value) ? value : [value];
  const seen = new Map<string, string>();
  for (const o of all) {
    const eq = o.indexOf('=');
    if (eq <= 0) continue; // resolveConfig says what a malformed override lacks
    const [key, v] = [o.slice(0, eq).trim(), o.slice(eq + 1).trim()];
    if (seen.has(key) && seen.get(key) !== v) throw new UsageError(`--set ${key} is given twice (${quoted(seen.get(key)!)}, then ${quoted(v)}): give each knob once`);
    seen.set(key, v);
  }
  return all;
}
