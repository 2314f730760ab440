// The --json reports against their JSON Schemas (docs/schemas/, docs/json-reports.md): the real
// commands, run in-process over a spread of cases (ok and violated, check and explore, --app,
// stopped, bounded, sharded and merged, the matrix), each report validated by ajv against the
// committed schema, whose objects are closed: a field a report gains or loses without its zod
// schema (sim/cli/reports/) changing fails here. The committed schemas and the page's generated
// blocks (field tables, examples) are what the code writes; after an intended change:
//   UPDATE_DOCS=1 npx vitest run test/sim/reportSchemas.test.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { heapJson } from '../../sim/cli/cliStoppable';
import { reportFieldTable } from '../../sim/cli/reports/reportFieldTable';
import { REPORT_KINDS, REPORT_SCHEMAS, reportJsonSchema, reportJsonSchemaText } from '../../sim/cli/reports/reportJsonSchemas';
import { reportId, reportSchemaFile, type ReportKind } from '../../sim/cli/reports/reportIds';
import { traceJsonSchemaText } from '../../sim/cli/reports/traceJsonSchema';
import { withGeneratedBlock } from '../../sim/format/generatedBlock';
import { cli } from './cliHarness';

const UPDATE = 'UPDATE_DOCS=1 npx vitest run test/sim/reportSchemas.test.ts';
const PAGE = 'docs/json-reports.md';
const ajv = new Ajv2020({ allErrors: true, strict: true });
// Regenerating: the schemas first, so the reports below are checked against what they now say.
const TRACE_SCHEMA_FILE = 'docs/schemas/trace.schema.json';
if (process.env.UPDATE_DOCS) {
  for (const k of REPORT_KINDS) writeFileSync(reportSchemaFile(k), reportJsonSchemaText(k));
  writeFileSync(TRACE_SCHEMA_FILE, traceJsonSchemaText());
}
const committed = Object.fromEntries(REPORT_KINDS.map((k) => [k, readFileSync(reportSchemaFile(k), 'utf8')])) as Record<ReportKind, string>;
const validators = Object.fromEntries(REPORT_KINDS.map((k) => [k, ajv.compile(JSON.parse(committed[k]))]));
const validateTrace = ajv.compile(JSON.parse(readFileSync(TRACE_SCHEMA_FILE, 'utf8')));
const errorsOf = (kind: ReportKind | 'trace', report: unknown) => {
  const validate = kind === 'trace' ? validateTrace : validators[kind];
  return validate(report) ? [] : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
};

// An --app file that raises in one view and leaves the other three to the built-in ones: both notes non-empty.
const dir = mkdtempSync(join(tmpdir(), 'cachelab-reports-'));
const throwsApp = join(dir, 'throws.ts');
writeFileSync(throwsApp, "export default {\n  *work_item_delete(request: any, uuid: string, django: any) {\n    throw new Error('boom');\n  },\n};\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  kind: ReportKind;
  argv: string[];
  code: 0 | 1;
  /** What this case is there for, checked on its report. */
  shows?: (r: any) => void;
}

const CASES: Case[] = [
  { kind: 'check', argv: ['check', 'seed-fixed', '--config', 'robust', '--runs', '20'], code: 0, shows: (r) => expect(r.scenarios[0].counterexample).toBeNull() },
  { kind: 'check', argv: ['check', 'commit-race', '--config', 'seed-fix'], code: 1, shows: (r) => expect(r.scenarios[0].counterexample.violations.length).toBeGreaterThan(1) },
  { kind: 'check', argv: ['check', 'seed-broken', '--config', 'broken', '--strategy', 'random', '--runs', '50'], code: 1, shows: (r) => expect(r.depth).toBeNull() },
  { kind: 'check', argv: ['check', 'seed-broken', '--config', 'broken', '--max-stale-ms', '1000'], code: 1, shows: (r) => expect(r.maxStaleMs).toBe(1000) },
  { kind: 'check', argv: ['check', 'all', '--config', 'broken', '--stop-at-first'], code: 1, shows: (r) => expect([r.notChecked.length > 0, r.stoppedEarly, r.stopReason]).toEqual([true, true, 'stop-at-first']) },
  { kind: 'check', argv: ['check', 'all', '--config', 'robust', '--runs', '10000000', '--time-limit', '1ms'], code: 0, shows: (r) => expect(r.stopReason).toBe('time-limit') },
  { kind: 'check', argv: ['check', 'commit-race', '--app', 'examples/robust-app.ts', '--runs', '50'], code: 0, shows: (r) => expect(r.serverErrors).toEqual([]) },
  { kind: 'check', argv: ['check', 'commit-race', '--app', 'examples/invalidate-in-transaction.ts', '--out', 'cx.json'], code: 1, shows: (r) => expect(r.counterexampleFile).toBe('cx.json') },
  { kind: 'check', argv: ['check', 'commit-race', '--app', throwsApp, '--runs', '5'], code: 0, shows: (r) => expect([r.serverErrors.length, r.builtInViews.length > 0]).toEqual([1, true]) },
  { kind: 'explore', argv: ['explore', 'seed-broken', '--config', 'broken', '--out', 'w.json'], code: 1, shows: (r) => expect([r.exhaustive, r.witnessFile]).toEqual([true, 'w.json']) },
  { kind: 'explore', argv: ['explore', 'seed-broken', '--config', 'robust'], code: 0, shows: (r) => expect([r.exhaustive, r.witnesses]).toEqual([true, []]) },
  { kind: 'explore', argv: ['explore', 'commit-race', '--config', 'seed-fix', '--max-states', '2000'], code: 0, shows: (r) => expect([r.boundReached, r.stopReason]).toEqual([true, 'max-states']) },
  { kind: 'explore', argv: ['explore', 'cache-pressure', '--config', 'robust', '--time-limit', '1ms'], code: 0, shows: (r) => expect(r.stopReason).toBe('time-limit') },
  { kind: 'explore', argv: ['explore', 'seed-broken', '--config', 'broken', '--stop-at-first'], code: 1, shows: (r) => expect([r.stoppedEarly, r.stopReason]).toEqual([true, 'stop-at-first']) },
  { kind: 'explore', argv: ['explore', 'seed-broken', '--config', 'broken', '--max-stale-ms', '1000'], code: 1, shows: (r) => expect(r.maxStaleMs).toBe(1000) },
  { kind: 'explore', argv: ['explore', 'commit-race', '--app', 'examples/invalidate-in-transaction.ts', '--max-states', '5000'], code: 1, shows: (r) => expect(r.builtInViews).toBeDefined() },
  { kind: 'explore', argv: ['explore', 'commit-race', '--app', throwsApp, '--max-states', '500'], code: 0, shows: (r) => expect(r.serverErrors.length).toBe(1) },
  { kind: 'explore', argv: ['explore', 'seed-broken', '--config', 'broken', '--shard', '2/3'], code: 1, shows: (r) => expect(r.shard).toEqual({ index: 2, count: 3, sources: expect.stringMatching(/^[0-9a-f]{64}$/) }) },
  { kind: 'matrix', argv: ['matrix', 'seed-broken', '--runs', '2'], code: 0, shows: (r) => expect(r.rows).toHaveLength(16) },
  { kind: 'matrix', argv: ['matrix', '--runs', '1', '--max-stale-ms', '1000'], code: 0, shows: (r) => expect(r.scenarios.length).toBeGreaterThan(1) },
];

async function report(argv: string[], files = new Map<string, string>()) {
  const r = await cli([...argv, '--json'], files);
  return { code: r.code, err: r.err, json: r.code === 2 ? null : JSON.parse(r.out), files: r.files };
}

/** The reports of every shard of one explore, merged. */
async function merged(args: string[], n: number) {
  const files = new Map<string, string>();
  for (let i = 1; i <= n; i++) {
    const shard = await report([...args, '--shard', `${i}/${n}`]);
    expect(errorsOf('explore', shard.json)).toEqual([]);
    files.set(`shard-${i}.json`, JSON.stringify(shard.json, null, 2) + '\n');
  }
  return report(['merge', ...files.keys()], files);
}

describe('the --json reports and their JSON Schemas', () => {
  it.each(REPORT_KINDS)('%s: the committed schema is what the zod schema generates', (kind) => {
    expect(readFileSync(reportSchemaFile(kind), 'utf8'), `${reportSchemaFile(kind)} is stale: ${UPDATE}`).toBe(reportJsonSchemaText(kind));
  });

  it.each(CASES.map((c) => [c.argv.join(' ').replace(dir, '<tmp>'), c] as const))('%s: its report follows the committed schema', async (_name, c) => {
    const r = await report(c.argv);
    expect(r.code, r.err).toBe(c.code);
    expect(r.json.schema).toBe(reportId(c.kind));
    expect(errorsOf(c.kind, r.json)).toEqual([]);
    expect(REPORT_SCHEMAS[c.kind].safeParse(r.json).success).toBe(true);
    c.shows?.(r.json);
    // The trace it wrote (check's counterexample, explore's --out witness) follows the trace's schema.
    const written = r.json.counterexampleFile ?? r.json.witnessFile ?? null;
    expect([...r.files.keys()]).toEqual(written === null ? [] : [written]);
    if (written !== null) expect(errorsOf('trace', JSON.parse(r.files.get(written)!))).toEqual([]);
  });

  it('the trace: the committed schema is what the zod schema generates, and run --format json follows it', async () => {
    expect(readFileSync(TRACE_SCHEMA_FILE, 'utf8'), `${TRACE_SCHEMA_FILE} is stale: ${UPDATE}`).toBe(traceJsonSchemaText());
    for (const argv of [['run', 'seed-broken'], ['run', 'commit-race', '--config', 'robust', '--seed', '7'], ['run', 'commit-race', '--app', 'examples/invalidate-on-commit.ts'], ['run', 'concurrent-edit-delete']]) {
      const r = await cli([...argv, '--format', 'json']);
      const trace = JSON.parse(r.out);
      expect(errorsOf('trace', trace), argv.join(' ')).toEqual([]);
      // A knob value its --set would refuse is refused here too, as replay refuses it.
      expect(errorsOf('trace', { ...trace, config: { ...trace.config, 'deploy.workers': 99 } }).join()).toMatch(/deploy\.workers/);
    }
  });

  it('merge: of shards that found violations, and of shards that did not', async () => {
    const violated = await merged(['explore', 'seed-broken', '--config', 'broken'], 2);
    expect(violated.code).toBe(1);
    expect(violated.json.witnesses.length).toBeGreaterThan(0);
    const held = await merged(['explore', 'seed-broken', '--config', 'robust'], 3);
    expect(held.code).toBe(0);
    for (const m of [violated, held]) expect(errorsOf('merge', m.json)).toEqual([]);
  });

  // merge's shardsNotExhaustive[].stopReason is a plain string that copies the shard's: its words
  // listed every explore stopReason but "max-deviations", the one sharding.md's bounded campaign gives.
  it('merge: a shard stopped by --max-deviations is NOT EXHAUSTIVE, exit 0, and the field texts name that stop', async () => {
    const m = await merged(['explore', 'seed-broken', '--config', 'robust', '--max-deviations', '0'], 2);
    expect(m.code).toBe(0);
    expect([m.json.exhaustive, m.json.shardsNotExhaustive.map((s: any) => s.stopReason)]).toEqual([false, ['max-deviations', 'max-deviations']]);
    expect(m.json.shardsNotExhaustive[0].rerun).not.toContain('--max-deviations');
    const exploreStops = (JSON.parse(committed.explore).properties.stopReason.anyOf[0].enum as string[]);
    const merge = JSON.parse(committed.merge).properties.shardsNotExhaustive.items.properties;
    for (const stop of exploreStops) expect(merge.stopReason.description).toContain(`"${stop}"`);
    expect(merge.rerun.description).toContain('--max-deviations');
    const explore = JSON.parse(committed.explore).properties;
    for (const field of ['boundReached', 'stoppedEarly']) expect(explore[field].description, field).toContain('--max-deviations');
  });

  it('merge refuses a shard report of another version, and takes one older than the field', async () => {
    const shard = (await report(['explore', 'seed-broken', '--config', 'robust', '--shard', '1/1'])).json;
    const as = (r: unknown) => new Map([['shard-1.json', JSON.stringify(r)]]);
    const newer = await cli(['merge', 'shard-1.json', '--json'], as({ ...shard, schema: 'cachelab/explore-report/2' }));
    expect([newer.code, newer.err]).toEqual([2, 'cachelab merge: shard-1.json is a report of version "cachelab/explore-report/2", and this cachelab merges "cachelab/explore-report/1": merge with the cachelab that ran the shards\n']);
    const { schema: _, ...older } = shard;
    expect((await cli(['merge', 'shard-1.json', '--json'], as(older))).code).toBe(0);
    // Older still: witnesses without staleSource (dogreview's case). The merged report keeps to its schema, the field empty.
    const broken = (await report(['explore', 'seed-broken', '--config', 'broken', '--shard', '1/1'])).json;
    const { schema: __, ...plain } = broken;
    const noSource = { ...plain, witnesses: plain.witnesses.map((w: { violation: Record<string, unknown> }) => ({ ...w, violation: Object.fromEntries(Object.entries(w.violation).filter(([k]) => k !== 'staleSource')) })) };
    expect(noSource.witnesses.length).toBeGreaterThan(0);
    const merged = await cli(['merge', 'shard-1.json', '--json'], as(noSource));
    expect(merged.code).toBe(1);
    const json = JSON.parse(merged.out);
    expect(errorsOf('merge', json)).toEqual([]);
    expect(json.witnesses.map((w: { violation: { staleSource: string[] } }) => w.violation.staleSource)).toEqual(noSource.witnesses.map(() => []));
  });

  it('a report that memory stopped: stopReason "memory" with its heap', async () => {
    const r = (await report(['explore', 'cache-pressure', '--config', 'robust', '--time-limit', '1ms'])).json;
    const stopped = { ...r, stopReason: 'memory', ...heapJson({ stopped: 'memory', heap: { usedMb: 1700.4, limitMb: 2048 } }) };
    expect(errorsOf('explore', stopped)).toEqual([]);
    expect(errorsOf('explore', { ...stopped, heap: { usedMb: 1700 } }).join()).toMatch(/required property 'limitMb'/);
  });

  // A consumer reads a null or a negative share by the field's words: each says what it means.
  it.each(REPORT_KINDS)('%s: every field that can be null says what null means', (kind) => {
    const unsaid: string[] = [];
    const walk = (s: any, path: string, said: string) => {
      for (const [name, f] of Object.entries<any>(s.properties ?? {})) {
        const words = f.description ?? said;
        const nullable = f.anyOf?.some((a: any) => a.type === 'null') || (Array.isArray(f.type) && f.type.includes('null'));
        if (nullable && !/\bnull\b/.test(words)) unsaid.push(`${path}${name}`);
        walk(f, `${path}${name}.`, words);
        for (const inner of [f.items, ...(f.anyOf ?? [])]) if (inner) walk(inner, `${path}${name}[].`, words);
      }
    };
    walk(reportJsonSchema(kind), '', '');
    expect(unsaid).toEqual([]);
  });

  it('matrix: a fix that adds violating runs is a negative measured share, as its field says', async () => {
    // Fix 2 under seed-assumption, over the catalog at 20 runs a cell (commit d0d59d5's case).
    const r = (await report(['matrix', '--runs', '20'])).json;
    const shares = r.claims.flatMap((c: any) => Object.values(c.measured));
    expect(shares.some((m: any) => m !== null && m < 0)).toBe(true);
    expect(committed.matrix).toContain('below 0 when the fix adds violating runs');
  });

  it('an error is one line on stderr and no JSON on stdout, exit 2', async () => {
    const r = await cli(['check', 'nope', '--json']);
    expect([r.code, r.out, r.err.split('\n').length]).toEqual([2, '', 2]);
  });

  // What the schemas are for: a report that gains a field nobody documented, or loses one, fails.
  describe('refuses a report that drifts from its schema', () => {
    const bases: Partial<Record<ReportKind, Promise<any>>> = {};
    const base = (kind: 'check' | 'explore') =>
      (bases[kind] ??= report(kind === 'check' ? ['check', 'commit-race', '--config', 'seed-fix'] : ['explore', 'seed-broken', '--config', 'broken']).then((r) => r.json));
    const drifts: Array<[string, 'check' | 'explore', (r: any) => void, RegExp]> = [
      ['a new top-level field', 'check', (r) => (r.durationMs = 12), /must NOT have additional properties.*durationMs/],
      ['a new field in a violation', 'check', (r) => (r.scenarios[0].counterexample.violations[0].fixLine = 48), /violations\/0 must NOT have additional properties/],
      ['a new field in a witness', 'explore', (r) => (r.witnesses[0].trace = {}), /witnesses\/0 must NOT have additional properties/],
      ['a required field gone', 'check', (r) => delete r.scenarios[0].evaluations, /required property 'evaluations'/],
      ['its schema id gone', 'explore', (r) => delete r.schema, /required property 'schema'/],
      ['another version', 'explore', (r) => (r.schema = 'cachelab/explore-report/2'), /must be equal to constant/],
      ['a type changed', 'explore', (r) => (r.violated = true), /\/violated must be array/],
    ];
    it.each(drifts)('%s', async (_what, kind, change, message) => {
      const original = await base(kind);
      expect(errorsOf(kind, original)).toEqual([]);
      const drifted = structuredClone(original);
      change(drifted);
      expect(errorsOf(kind, drifted).join('\n')).toMatch(message);
    });
  });
});

const scalar = (x: unknown) => x === null || typeof x !== 'object';

/** JSON as the page shows it: indented, but a list of numbers, or a small object of scalars, on one line. */
function pageJson(v: unknown, indent = ''): string {
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length <= 3 && Object.values(v).every(scalar))
    return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(', ')} }`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = indent + '  ';
  const entries = Array.isArray(v) ? v.map((x) => inner + pageJson(x, inner)) : Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pageJson(x, inner)}`);
  if (!entries.length) return Array.isArray(v) ? '[]' : '{}';
  return Array.isArray(v) ? `[\n${entries.join(',\n')}\n${indent}]` : `{\n${entries.join(',\n')}\n${indent}}`;
}

const block = (name: string) => ({ file: PAGE, name, how: UPDATE });
const shown = (argv: string[]) => `$ npx cachelab ${argv.join(' ')}`;

/** The example of each report on the page: its commands, and the report as the last one prints it. */
async function example(kind: ReportKind, page: string): Promise<string> {
  const console = (commands: string[], json: unknown, note = '') => `${note}\`\`\`console\n${commands.join('\n')}\n${pageJson(json)}\n\`\`\``;
  const firstOf = (list: unknown[], what: string) => (list.length > 1 ? `Cut here to the first of its ${list.length} ${what}:\n\n` : '');
  if (kind === 'check') {
    const argv = ['check', 'commit-race', '--config', 'seed-fix', '--json'];
    const r = (await report(argv.slice(0, -1))).json;
    const cx = r.scenarios[0].counterexample;
    const note = firstOf(cx.violations, 'violations');
    cx.violations = cx.violations.slice(0, 1);
    return console([shown(argv)], r, note);
  }
  if (kind === 'explore') {
    const argv = ['explore', 'seed-broken', '--config', 'broken', '--stop-at-first', '--json'];
    const r = (await report(argv.slice(0, -1))).json;
    // Wall-clock figures: the page keeps the ones it was generated with.
    const before = /"seconds": ([\d.]+),\s+"distinctStatesPerSecond": (\d+)/.exec(page);
    if (before && !process.env.UPDATE_DOCS) Object.assign(r, { seconds: Number(before[1]), distinctStatesPerSecond: Number(before[2]) });
    return console([shown(argv)], { ...r, witnesses: r.witnesses.slice(0, 1) }, firstOf(r.witnesses, 'witnesses'));
  }
  if (kind === 'merge') {
    const args = ['explore', 'seed-broken', '--config', 'broken'];
    const shards = [1, 2].map((i) => `${shown([...args, '--shard', `${i}/2`, '--json'])} > shard-${i}.json`);
    const r = (await merged(args, 2)).json;
    return console([...shards, shown(['merge', 'shard-1.json', 'shard-2.json', '--json'])], { ...r, witnesses: r.witnesses.slice(0, 1) }, firstOf(r.witnesses, 'witnesses'));
  }
  const argv = ['matrix', 'seed-broken', '--runs', '2', '--json'];
  const r = (await report(argv.slice(0, -1))).json;
  const cut = { ...r, rows: r.rows.slice(0, 1), claims: r.claims.slice(0, 1) };
  return console([shown(argv)], cut, `Cut here to the first of its ${r.rows.length} rows and ${r.claims.length} claims:\n\n`);
}

describe(`${PAGE}: the field tables and examples`, () => {
  it.each(REPORT_KINDS)('%s: its blocks are what the schema and the command give', async (kind) => {
    const page = readFileSync(PAGE, 'utf8');
    const fields = withGeneratedBlock(page, block(`json-reports-fields-${kind}`), reportFieldTable(reportJsonSchema(kind)));
    const want = withGeneratedBlock(fields, block(`json-reports-example-${kind}`), await example(kind, page));
    if (process.env.UPDATE_DOCS) writeFileSync(PAGE, want);
    expect(readFileSync(PAGE, 'utf8'), `${PAGE} is stale: ${UPDATE}`).toBe(want);
  });

  it('every example on the page follows its schema', () => {
    const page = readFileSync(PAGE, 'utf8');
    for (const kind of REPORT_KINDS) {
      const body = page.split(`<!-- generated:json-reports-example-${kind} `)[1].split('<!-- /generated')[0];
      const json = JSON.parse(body.slice(body.indexOf('\n{'), body.lastIndexOf('}') + 1));
      expect(errorsOf(kind, json), kind).toEqual([]);
    }
  });
});
