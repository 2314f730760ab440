// Generators of hostile input for the property tests (test/sim/inputProperties.test.ts in-process,
// test/e2e/inputProperties.test.ts end to end): argument lists, trace files mutated from real
// traces, and visualizer links. Shared so both levels try the same kinds of input.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { COMMANDS } from '../../sim/cli/cliCommands';
import { runScenario } from '../../sim/run';
import { getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';
import type { Trace } from '../../sim/trace';
import { PRESET_NAMES } from '../../src/config';

/** Control and reordering characters that must never reach a terminal raw (newline may). */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** A stack trace line, or the CLI's own report of an unexpected error. */
export const STACK = /\n\s+at |^\s+at |internal error/m;

export const BUILTIN = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const NASTY = ['', ' ', '-', '--', '\u001b[2J', '\u001b]0;x\u0007', '\u202e', 'a\u0000b', '%00', '<script>alert(1)</script>', '9'.repeat(40), '-1', '1e3', '0x10', '1.5', 'NaN', 'Infinity', ...BUILTIN];

// ---- argument lists ------------------------------------------------------------------------------

/** The files the argument lists name, relative to a work folder made by `makeWorkFolder`. */
const FILES = ['trace.json', 'bad.json', 'ctl.json', 'dir', 'fifo.json', '/dev/zero', '/dev/null', 'missing.json', 'missing/x.json', 'out.json', 'dir/out.json', '.', ''];

/** A folder holding a real trace, a malformed one, control characters, a directory and a FIFO. */
export function makeWorkFolder(work: string): void {
  mkdirSync(join(work, 'dir'));
  execFileSync('mkfifo', [join(work, 'fifo.json')]);
  const t = runScenario(getScenario('seed-broken'), { seed: 4 });
  writeFileSync(join(work, 'trace.json'), JSON.stringify(t, null, 1) + '\n');
  writeFileSync(join(work, 'bad.json'), JSON.stringify({ ...t, events: [{ seq: 'x' }] }));
  writeFileSync(join(work, 'ctl.json'), '\u001b[2J\u001b]0;owned\u0007');
}

// Bounded counts only: a valid `check`, `explore` or `matrix` must stay quick.
export const VALUES: Record<string, string[]> = {
  config: [...PRESET_NAMES, ...NASTY],
  set: ['deploy.workers=2', 'calendar.timeZone=America/New_York', 'calendar.timeZone=constructor', 'feed.maxAgeS=none', 'deploy.workers=9', 'x=1', '=1', 'constructor=1', '__proto__=1', ...NASTY],
  seed: ['0', '7', '4294967295', '4294967296', ...NASTY],
  format: ['text', 'timing', 'json', ...NASTY],
  out: FILES,
  runs: ['1', '2', '0', ...NASTY],
  'max-states': ['1', '30', '0', ...NASTY],
  choices: ['nominal', '0', '0,1,2', '1,1,1,1', '1000001', '0,-1', ...NASTY],
  'first-day': ['0', '6', '7', ...NASTY],
  'time-zone': ['UTC', 'America/New_York', 'Europe/Paris', 'Mars/Base', ...NASTY],
  dir: FILES,
  'scenario-file': FILES,
};
const FLAGS = [...Object.keys(VALUES), 'json', 'markdown', 'answers', 'help', 'h', 'x', 'seed=1', 'runs=1'];
const POSITIONALS = [...SCENARIO_NAMES, 'all', '2025-10', '1999-13', '0000-01', '1', '8', '9', ...FILES, ...NASTY];

const token: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FLAGS).chain((f): fc.Arbitrary<string[]> => (Object.hasOwn(VALUES, f) ? fc.constantFrom(...VALUES[f]).map((v) => [`--${f}`, v]) : fc.constant([`--${f}`]))) },
  { weight: 3, arbitrary: fc.constantFrom(...POSITIONALS).map((p) => [p]) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((s) => [s]) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.keys(VALUES)).chain((f) => fc.string({ maxLength: 8 }).map((v) => [`--${f}=${v}`])) },
);
const commandName: fc.Arbitrary<string> = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...COMMANDS.map((c) => c.name)) }, { weight: 1, arbitrary: fc.constantFrom('help', '--help', '', ...BUILTIN) });

/**
 * `cachelab` argument lists: a command (or not), then flags with good and bad values, names,
 * numbers and random strings. `check`, `matrix` and `explore` get a small bound appended, so a
 * valid list does a little real work rather than minutes of it.
 */
export const argvArb: fc.Arbitrary<string[]> = fc.tuple(commandName, fc.array(token, { maxLength: 5 })).map(([c, ts]) => {
  const list = [c, ...ts.flat()];
  if (c === 'check' || c === 'matrix') list.push('--runs', '1');
  if (c === 'explore') list.push('--max-states', '30');
  if (c === 'check' && list.includes('all')) list.push('--config', 'robust');
  return list;
});

// ---- trace files -------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const REAL_TRACES: Array<{ trace: Trace; text: string }> = [
  runScenario(getScenario('seed-broken')),
  runScenario(getScenario('seed-test-2'), { preset: 'seed-fix', seed: 12 }),
  runScenario(getScenario('seed-broken-id-mismatch'), { preset: 'robust', seed: 3 }),
].map((trace) => ({ trace, text: JSON.stringify(trace, null, 1) + '\n' }));

/** Every path to a value (a sample of the entries of long arrays). */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => (i < 3 || i === v.length - 1 || i % 37 === 0) && paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k], [...prefix, k], out);
  return out;
}
const REAL_PATHS = REAL_TRACES.map((r) => paths(JSON.parse(r.text) as Json));

const weird: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(null, -1, 2 ** 32, 2 ** 53 + 2, 1e308, -0, 0.5, '', 'x\u001b[31m', '__proto__', 'constructor', [], {}, [[[[]]]], { constructor: 1 }, 'martian:1', true),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

type Mutation = { kind: 'set' | 'delete' | 'add' | 'dup'; path: number; value: Json; key: string } | { kind: 'text'; at: number; cut: number; insert: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('set' as const, 'delete' as const, 'add' as const, 'dup' as const), path: fc.nat(), value: weird, key: fc.constantFrom('x', '__proto__', 'constructor', 'seq', 'after', 'payload', 'url') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), at: fc.nat(), cut: fc.nat({ max: 40 }), insert: fc.constantFrom('', '[', '{', '"', '\\', ',', '}', 'null', '1e999', '\u0000', '\\u005f_proto__', '"__proto__":1,', '['.repeat(70)) }) },
);

const REAL_ROOTS = REAL_TRACES.map((r) => JSON.parse(r.text) as Json);

/**
 * Applies the mutations to the parsed real trace in place, writes it out, then undoes them in
 * reverse order (a fresh parse per input would cost more than the loader under test).
 */
function mutate(which: number, ms: Mutation[]): string {
  const { text } = REAL_TRACES[which];
  const first = ms[0];
  if (first.kind === 'text') {
    const at = first.at % text.length;
    return text.slice(0, at) + first.insert + text.slice(at + first.cut);
  }
  const root = REAL_ROOTS[which];
  const undo: Array<() => void> = [];
  for (const m of ms) {
    if (m.kind === 'text') continue;
    const all = REAL_PATHS[which];
    const path = all[m.path % all.length];
    if (!path.length) continue;
    let parent: Json = root;
    for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)?.[p] ?? null;
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1];
    const rec = parent as Record<string | number, Json>;
    const old = rec[last];
    if (m.kind === 'set') {
      // An index an earlier deletion moved past the end: setting it would grow the array, which no undo shrinks.
      if (Array.isArray(parent) && Number(last) >= parent.length) continue;
      rec[last] = m.value;
      undo.push(() => void (rec[last] = old));
    } else if (m.kind === 'delete') {
      if (Array.isArray(parent)) {
        const arr = parent;
        const i = Number(last);
        if (i >= arr.length) continue;
        const [gone] = arr.splice(i, 1);
        undo.push(() => void arr.splice(i, 0, gone));
      } else {
        // Restored with every key in its old place, so the next input starts from the real trace.
        const entries = Object.entries(rec);
        delete rec[last];
        undo.push(() => {
          for (const k of Object.keys(rec)) delete rec[k];
          for (const [k, v] of entries) Object.defineProperty(rec, k, { value: v, enumerable: true, configurable: true, writable: true });
        });
      }
    } else if (m.kind === 'dup' && Array.isArray(parent)) {
      const arr = parent;
      arr.push(arr[Number(last)] ?? null);
      undo.push(() => void arr.pop());
    } else if (m.kind === 'add' && !Array.isArray(parent)) {
      const before = Object.getOwnPropertyDescriptor(rec, m.key);
      // defineProperty: an own "__proto__" key, as JSON.parse would make one.
      Object.defineProperty(rec, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      undo.push(() => (before ? Object.defineProperty(rec, m.key, before) : delete rec[m.key]));
    }
  }
  const out = JSON.stringify(root, null, 1) + '\n';
  for (const u of undo.reverse()) u();
  return out;
}

/** Whether every real trace is as it was (the mutations were all undone). */
export function realTracesIntact(): boolean {
  return REAL_ROOTS.every((root, i) => JSON.stringify(root, null, 1) + '\n' === REAL_TRACES[i].text);
}

/** The text of a real trace with one to three mutations: values, types, keys, entries or bytes. */
export const mutatedTraceArb: fc.Arbitrary<string> = fc
  .tuple(fc.nat({ max: REAL_TRACES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([which, ms]) => mutate(which, ms));

// ---- visualizer links --------------------------------------------------------------------------

const URL_KEYS = ['scenario', 'preset', 'set', 'seed', 'choices', 'scenario2', 'preset2', 'set2', 'seed2', 'choices2', 'step', 'at', 'lesson', 'question', 'file', 'x'];
/** Values that would run script if the page ever treated link text as markup or as a URL. */
export const SCRIPT_PAYLOADS = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=1</script>', 'javascript:window.__pwned=1', '"><svg onload="window.__pwned=1">', "'-window.__pwned=1-'"];
const URL_VALUES = [...SCENARIO_NAMES, ...PRESET_NAMES, ...VALUES.set, ...VALUES.seed, ...VALUES.choices, ...SCRIPT_PAYLOADS, '3', '99999999', '%E0%A4%A', '%', '&', '=', '+'];

/** A query string: well-formed pairs from the link's vocabulary, or the same with raw bytes. */
export const queryArb: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...URL_KEYS), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...URL_VALUES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) })), { maxLength: 8 })
  .chain((pairs) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(`?${new URLSearchParams(pairs).toString()}`) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((raw) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}${raw}`) },
    ),
  );
