// Flag parsing on top of node:util parseArgs: unknown flags and missing values become a
// UsageError (exit 2) with the valid flags listed.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../src/config';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCli {
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

export function parseCli(argv: string[], options: Options, command: string): ParsedCli {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    const flags = Object.keys(options).map((k) => `--${k}`).join(', ');
    const msg = (e as Error).message.split('\n')[0];
    throw new UsageError(`${msg}. Valid flags for ${command}: ${flags || '(none)'}, --help`);
  }
}

export function parseIntFlag(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} expects an integer >= ${min}, got "${value}"`);
  return Number(value);
}

export function oneOfFlag<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

/** --set may be given several times. */
export function setFlags(value: string | string[] | boolean | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return Array.isArray(value) ? value : [value];
}
