// Scenario files: the catalog is made of them, an exported scenario runs exactly as the catalog's,
// every step kind resolves and runs, and every class of mistake exits 2 naming the path.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportScenario } from '../../sim/scenarios/file/exportScenario';
import { parseScenarioFile } from '../../sim/scenarios/file/parseScenarioFile';
import { defaultUuid } from '../../sim/scenarios/file/resolveScenario';
import { ScenarioFileError } from '../../sim/scenarios/file/scenarioFileError';
import { SCENARIO_LIMITS } from '../../sim/scenarios/file/scenarioLimits';
import { shellWord } from '../../sim/cli/shellWord';
import { FIELDS, STEP_KINDS } from '../../sim/scenarios/file/scenarioSchema';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';
import { runScenario } from '../../sim/run';
import { PAGE_LOAD_LEAD_MS } from '../../sim/world/page';
import { cli, cachelab } from './cliHarness';

const BASE = `name: mine
today: 2025-10-06
users: [{ name: A, userId: "1" }]
items:
  - { title: Site visit, startDate: 2025-10-15, endDate: 2025-10-16, workType: activity }
  - { title: Budget review, startDate: 2025-10-08 }
`;

function yaml(steps: string, head = BASE): string {
  return `${head}steps:\n${steps}`;
}

function problem(text: string, file = 'f.yaml'): ScenarioFileError {
  try {
    parseScenarioFile(text, file);
  } catch (e) {
    if (e instanceof ScenarioFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('the catalog is scenario files', () => {
  const dirs = ['seed', 'catalog', 'writes', 'incidents'];
  const files = dirs.flatMap((d) => readdirSync(`sim/scenarios/${d}`).map((f) => `sim/scenarios/${d}/${f}`));

  it('every catalog scenario comes from a file, and every file is in the catalog', () => {
    expect(files.map((f) => f.replace(/^.*\/|\.json$/g, '')).sort()).toEqual(SCENARIOS.map((s) => s.name).sort());
  });

  it.each(files)('%s is written exactly as --export writes it (one canonical form)', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(exportScenario(parseScenarioFile(text, file), 'json')).toBe(text);
  });

  it.each(SCENARIOS.map((s) => s.name))('%s exported as JSON and as YAML runs to the same trace, nominal and seeded', (name) => {
    const s = getScenario(name);
    for (const syntax of ['json', 'yaml'] as const) {
      const back = parseScenarioFile(exportScenario(s, syntax), `x.${syntax}`);
      for (const seed of [null, 3]) expect(JSON.stringify(runScenario(back, { seed }))).toBe(JSON.stringify(runScenario(s, { seed })));
    }
  });
});

describe('cachelab scenarios --export and --scenario-file', () => {
  it('scenarios --export seed-broken, then run --scenario-file prints what run seed-broken prints', async () => {
    const exported = await cachelab('scenarios', '--export', 'seed-broken');
    expect(exported.code).toBe(0);
    const fromFile = await cli(['run', '--scenario-file', 'f.json'], new Map([['f.json', exported.out]]));
    const fromCatalog = await cachelab('run', 'seed-broken');
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toBe(fromCatalog.out);
    expect(fromFile.out).toContain('came back');
  });

  it('a YAML export of commit-race checks like the catalog scenario, and its replay commands name the file', async () => {
    const exported = await cachelab('scenarios', '--export', 'seed-broken', '--format', 'yaml');
    const files = new Map([['s.yaml', exported.out]]);
    const r = await cli(['check', '--scenario-file', 's.yaml', '--runs', '5'], files);
    expect(r.code).toBe(1);
    expect(r.out).toContain('npx cachelab replay --scenario-file s.yaml --config broken');
    const trace = files.get('counterexample.json')!;
    const again = await cli(['replay', 'counterexample.json', '--scenario-file', 's.yaml'], files);
    expect(again.out).toContain('identical');
    expect(trace.length).toBeGreaterThan(0);
  });

  it('explore and replay --choices take --scenario-file', async () => {
    const files = new Map([['s.json', (await cachelab('scenarios', '--export', 'seed-fixed')).out]]);
    const explored = await cli(['explore', '--scenario-file', 's.json', '--max-states', '200', '--json'], files);
    expect([0, 1]).toContain(explored.code);
    expect(JSON.parse(explored.out).scenario).toBe('seed-fixed');
    const replayed = await cli(['replay', '--scenario-file', 's.json', '--choices', 'nominal'], files);
    expect(replayed.out).toMatch(/^seed-fixed \[seed-fix\] with choices nominal/);
  });

  it('a trace of an edited export that kept the catalog name: replay without the file says to give it', async () => {
    const edited = (await cachelab('scenarios', '--export', 'seed-broken')).out.replace('"startDate": "2025-10-15", "endDate": "2025-10-16"', '"startDate": "2025-10-20", "endDate": "2025-10-21"');
    const files = new Map([['mine.json', edited]]);
    files.set('t.json', (await cli(['run', '--scenario-file', 'mine.json', '--format', 'json'], files)).out);
    const without = await cli(['replay', 't.json'], files);
    expect(without.code).toBe(1);
    expect(without.out).toMatch(/DIFFERENT[^]*replayed with the catalog's scenario "seed-broken": if the trace came from a scenario file of that name, give it with --scenario-file/);
    const withFile = await cli(['replay', 't.json', '--scenario-file', 'mine.json'], files);
    expect(withFile.out).toMatch(/identical/);
    expect(withFile.out).not.toMatch(/catalog/);
  });

  it('a trace of your own scenario replayed without its file says to give the file (it said only "unknown scenario")', async () => {
    const files = new Map([['mine.json', (await cachelab('scenarios', '--export', 'seed-broken')).out.replace('"name": "seed-broken"', '"name": "team-incident"')]]);
    files.set('my dir/t.json', (await cli(['run', '--scenario-file', 'mine.json', '--format', 'json'], files)).out);
    const without = await cli(['replay', 'my dir/t.json'], files);
    expect(without.code).toBe(2);
    expect(without.err).toMatch(/^cachelab replay: my dir\/t\.json: unknown scenario "team-incident" \(not in the catalog\); a trace of your own scenario replays with its file: cachelab replay 'my dir\/t\.json' --scenario-file FILE; valid catalog scenarios: seed-broken, /);
    expect(without.err.trim().split('\n')).toHaveLength(1);
    expect((await cli(['replay', 'my dir/t.json', '--scenario-file', 'mine.json'], files)).out).toMatch(/identical/);
  });

  it(`a scenario file given to replay in the trace's place says to run it (it said "not a trace: the file is not valid JSON")`, async () => {
    const files = new Map([['my dir/mine.yaml', yaml('  - { do: open }')], ['mine.json', (await cachelab('scenarios', '--export', 'seed-broken')).out], ['notes.txt', 'garbage']]);
    const fromYaml = await cli(['replay', 'my dir/mine.yaml'], files);
    expect(fromYaml.code).toBe(2);
    expect(fromYaml.err).toBe("cachelab replay: my dir/mine.yaml is a scenario file, not a trace: run it with cachelab run --scenario-file 'my dir/mine.yaml' (its trace: --format json --out FILE), or replay a schedule of it with cachelab replay --scenario-file 'my dir/mine.yaml' --choices <i,j,...|nominal>\n");
    expect((await cli(['replay', 'mine.json'], files)).err).toMatch(/^cachelab replay: mine\.json is a scenario file, not a trace/);
    expect((await cli(['replay', 'notes.txt'], files)).err).toMatch(/not a trace: the file is not valid JSON/);
  });

  it('a trace over the size limit (a big scenario of the allowed size makes one) says to replay its choices', async () => {
    const { main } = await import('../../sim/cli/cliMain');
    const { FileTooLargeError } = await import('../../sim/input/readInputFile');
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t), isTTY: false, writeFile: () => {}, readFile: () => { throw new FileTooLargeError('cannot read "big.json": it has 221767679 bytes, more than the limit of 67108864'); } };
    expect(await main(['replay', 'big.json'], io)).toBe(2);
    expect(err).toMatch(/more than the limit of 67108864; a trace this large replays from its choices instead: .*cachelab replay --scenario-file F --choices nominal/);
  });

  it('the replay commands check prints quote a path with a space or a quote, so they paste as one argument', async () => {
    const files = new Map([['my dir/s.yaml', (await cachelab('scenarios', '--export', 'seed-broken', '--format', 'yaml')).out]]);
    const r = await cli(['check', '--scenario-file', 'my dir/s.yaml', '--runs', '5', '--out', "it's.json"], files);
    expect(r.code).toBe(1);
    expect(r.out).toContain("npx cachelab replay 'it'\\''s.json' --scenario-file 'my dir/s.yaml'\n");
    expect(r.out).toContain("npx cachelab replay --scenario-file 'my dir/s.yaml' --config broken --choices");
    expect(shellWord('counterexample.json')).toBe('counterexample.json');
  });

  it('scenarios --scenario-file prints the file resolved, which runs as the file does', async () => {
    const files = new Map([['mine.yaml', yaml('  - { do: open }\n  - { do: wait, forMs: 1000 }\n  - { do: navigate, to: next }\n  - { do: delete, item: Site visit, atMs: 1500 }')]]);
    const r = await cli(['scenarios', '--scenario-file', 'mine.yaml'], files);
    expect(r.code).toBe(0);
    expect(r.out).toContain('{ "atMs": 1000, "user": "A", "do": "navigate", "month": "2025-11" }');
    files.set('resolved.json', r.out);
    const [a, b] = [await cli(['run', '--scenario-file', 'mine.yaml'], files), await cli(['run', '--scenario-file', 'resolved.json'], files)];
    expect(b.out).toBe(a.out);
    const both = await cli(['scenarios', '--scenario-file', 'mine.yaml', '--export', 'seed-broken'], files);
    expect(both.code).toBe(2);
  });

  it.each([
    [['run', 'seed-broken', '--scenario-file', 'f.json'], /not both/],
    [['run', 'mine.yaml'], /not a scenario name; to run a scenario file: --scenario-file mine.yaml/],
    [['run', '--scenario-file', 'missing.json'], /cannot read missing.json/],
    [['scenarios', '--export', 'nope'], /unknown scenario "nope"/],
    [['scenarios', '--export', 'seed-broken', '--format', 'xml'], /--format must be one of json, yaml/],
    [['replay', 'counterexample.json', '--scenario-file', 'other.json'], /scenario "seed-broken", the scenario file describes "other"/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const files = new Map([['f.json', '{}'], ['other.json', (await cachelab('scenarios', '--export', 'seed-fixed')).out.replace('"seed-fixed"', '"other"')]]);
    files.set('counterexample.json', (await cachelab('run', 'seed-broken', '--format', 'json')).out);
    const r = await cli(argv, files);
    expect(r.err).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('every step kind', () => {
  it('covers the kinds the schema has', () => {
    expect([...STEP_KINDS].sort()).toEqual(['create', 'delete', 'edit', 'filter', 'navigate', 'open', 'refetch', 'reload', 'wait']);
  });

  it('create (a new item with its defaults, the next default uuid), edit (title and/or dates, of a listed or a created item), delete of a created item', () => {
    const s = parseScenarioFile(
      yaml(`  - { do: open, atMs: -1000 }
  - { do: create, atMs: 0, item: { title: Team lunch, startDate: 2025-10-21 } }
  - { do: edit, atMs: 1000, item: Team lunch, title: Team lunch (moved) }
  - { do: edit, atMs: 2000, item: Site visit, startDate: 2025-10-20, endDate: 2025-10-22 }
  - { do: edit, atMs: 3000, item: ${defaultUuid(0)}, endDate: 2025-10-23 }
  - { do: delete, atMs: 4000, item: Team lunch (moved) }
`),
      'f.yaml',
    );
    const lunch = { uuid: defaultUuid(2), title: 'Team lunch', startDate: '2025-10-21', endDate: '2025-10-21', workType: 'task', status: 'not_started', visibleTo: ['1'] };
    expect(s.steps.slice(1)).toEqual([
      { atMs: 0, user: 'A', do: 'create', item: lunch },
      { atMs: 1000, user: 'A', do: 'edit', item: defaultUuid(2), title: 'Team lunch (moved)' },
      { atMs: 2000, user: 'A', do: 'edit', item: defaultUuid(0), startDate: '2025-10-20', endDate: '2025-10-22' },
      { atMs: 3000, user: 'A', do: 'edit', item: defaultUuid(0), endDate: '2025-10-23' },
      { atMs: 4000, user: 'A', do: 'delete', item: defaultUuid(2) },
    ]);
    // The items the scenario starts with are the listed ones only; the create adds its own when it runs.
    expect(s.items.map((i) => i.uuid)).toEqual([defaultUuid(0), defaultUuid(1)]);
    // An export runs as the file does.
    const back = parseScenarioFile(exportScenario(s, 'json'), 'x.json');
    expect(JSON.stringify(runScenario(back))).toBe(JSON.stringify(runScenario(s)));
  });

  it('open (default month: today\'s), navigate (month, next, previous, today), wait, reload, refetch, delete (by title and by uuid)', () => {
    const s = parseScenarioFile(
      yaml(`  - { do: open, atMs: -1000 }
  - { do: wait, forMs: 500 }
  - { do: navigate, to: next }
  - { do: wait, forMs: 500 }
  - { do: navigate, to: next }
  - { do: navigate, to: previous, atMs: 2000 }
  - { do: wait, forMs: 10 }
  - { do: navigate, month: "2025-12" }
  - { do: wait, forMs: 10 }
  - { do: navigate, to: today }
  - { do: wait, forMs: 980 }
  - { do: reload }
  - { do: wait, forMs: 10 }
  - { do: refetch, jitterMs: 30 }
  - { do: delete, item: Site visit, atMs: 5000 }
  - { do: delete, item: ${defaultUuid(1)}, atMs: 6000 }
`),
      'f.yaml',
    );
    expect(s.steps).toEqual([
      { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
      { atMs: -500, user: 'A', do: 'navigate', month: '2025-11' },
      { atMs: 0, user: 'A', do: 'navigate', month: '2025-12' },
      { atMs: 2000, user: 'A', do: 'navigate', month: '2025-11' },
      { atMs: 2010, user: 'A', do: 'navigate', month: '2025-12' },
      { atMs: 2020, user: 'A', do: 'navigate', month: '2025-10' },
      { atMs: 3000, user: 'A', do: 'reload' },
      { atMs: 3010, user: 'A', do: 'refetch', jitterMs: 30 },
      { atMs: 5000, user: 'A', do: 'delete', item: defaultUuid(0) },
      { atMs: 6000, user: 'A', do: 'delete', item: defaultUuid(1) },
    ]);
    expect(s.items[1]).toEqual({ uuid: defaultUuid(1), title: 'Budget review', startDate: '2025-10-08', endDate: '2025-10-08', workType: 'task', status: 'not_started', visibleTo: ['1'] });
    expect(s.defaultPreset).toBe('broken');
  });

  it('navigate next/previous after a reload goes from the month the page was opened on (F5 reloads that URL)', () => {
    const s = parseScenarioFile(yaml('  - { do: open }\n  - { do: navigate, to: next, atMs: 1000 }\n  - { do: reload, atMs: 2000 }\n  - { do: navigate, to: next, atMs: 4000 }\n  - { do: navigate, to: previous, atMs: 5000 }'), 'f.yaml');
    expect(s.steps.map((st) => ('month' in st ? st.month : st.do))).toEqual(['2025-10', '2025-11', 'reload', '2025-11', '2025-10']);
  });

  it('each kind reaches the simulation as the event it names', () => {
    const s = parseScenarioFile(
      yaml(`  - { do: open, atMs: -1000 }
  - { do: navigate, to: next, atMs: 500 }
  - { do: navigate, to: previous, atMs: 1000 }
  - { do: reload, atMs: 2000 }
  - { do: refetch, atMs: 3000 }
  - { do: delete, item: Site visit, atMs: 4000 }
  - { do: create, item: { title: Team lunch, startDate: 2025-10-21, endDate: 2025-10-22 }, atMs: 5000 }
  - { do: edit, item: Budget review, title: Budget review (Q4), atMs: 6000 }
  - { do: filter, workType: activity, atMs: 7000 }
  - { do: filter, workType: null, status: completed, atMs: 8000 }
`),
      'f.yaml',
    );
    const events = runScenario(s).events.filter((e) => e.type.startsWith('user.'));
    expect(events.map((e) => `${e.t} ${e.type} ${JSON.stringify(e.payload)}`)).toEqual([
      // A page load's click comes PAGE_LOAD_LEAD_MS before the step's time, when FullCalendar starts.
      `${-1000 - PAGE_LOAD_LEAD_MS} user.open {"month":"2025-10"}`,
      '500 user.navigate {"month":"2025-11"}',
      '1000 user.navigate {"month":"2025-10"}',
      `${2000 - PAGE_LOAD_LEAD_MS} user.reload {}`,
      '3000 user.refetch {}',
      `4000 user.delete {"item":"${defaultUuid(0)}"}`,
      `5000 user.create {"item":"${defaultUuid(2)}","title":"Team lunch","startDate":"2025-10-21","endDate":"2025-10-22"}`,
      `6000 user.edit {"item":"${defaultUuid(1)}","title":"Budget review (Q4)"}`,
      '7000 user.filter {"workType":"activity","status":null}',
      '8000 user.filter {"workType":null,"status":"completed"}',
    ]);
    const fetches = runScenario(s).events.filter((e) => e.type === 'calendar.fetch' && e.t >= 7000).map((e) => String(e.payload.url).replace(/^.*\?/, ''));
    expect(fetches.slice(0, 2)).toEqual(['start=2025-09-28T00:00:00Z&end=2025-11-09T00:00:00Z&work_type=activity', 'start=2025-09-28T00:00:00Z&end=2025-11-09T00:00:00Z&status=completed']);
  });
});

describe('every class of mistake names the path, what was found and what is allowed', () => {
  const two = BASE.replace('users: [{ name: A, userId: "1" }]', 'users: [{ name: A, userId: "1" }, { name: B, userId: "2" }]');
  const cases: Array<[string, string, RegExp]> = [
    ['JSON syntax', '{"name": "x" "today": 1}', /^f\.json line 1: \(the file\): found text that is not valid JSON; allowed: a JSON object/],
    // V8 gives these no position: they named no line.
    ['JSON trailing comma', '{"name": "x",\n "steps": [\n  {"do": "open"},\n ]\n}', /^f\.json line 3: \(the file\): found a comma before "\]"; allowed: JSON without a comma after the last element or field \(remove it\)$/],
    ['JSON trailing comma in an object', '{"name": "x",\n "today": "2025-10-06",\n}', /^f\.json line 2: \(the file\): found a comma before "\}"; allowed: JSON without a comma/],
    ['JSON unquoted value', '{"name": "x",\n "preset": broken\n}', /^f\.json line 2: \(the file\): found text that is not valid JSON; allowed: a JSON object \(Unexpected token 'b'\)$/],
    ['YAML syntax', 'name: x\nusers: [{name: A}\nsteps: []', /^f\.yaml line 3: \(the file\): found text that is not valid YAML/],
    ['YAML duplicate key', 'name: x\nname: y\n', /Map keys must be unique/],
    ['two YAML documents (two scenarios pasted into one file)', 'name: x\n---\nname: y\n', /^f\.yaml line 2: \(the file\): found a second YAML document \(after a "---" line\); allowed: one scenario per file$/],
    ['a %YAML 1.1 directive (dates would read as timestamps)', '# mine\n%YAML 1.1\n---\n' + BASE + 'steps: [{ do: open }]', /^f\.yaml line 2: \(the file\): found a %YAML 1\.1 directive; allowed: YAML 1\.2, the default \(remove the line/],
    ['not an object', '- 1\n- 2\n', /\(the file\): found a list; allowed: an object/],
    ['a trace given as a scenario', '{"format": "calendar-cache-lab/trace"}', /format: found "calendar-cache-lab\/trace" \(this is a trace/],
    ['wrong version', BASE.replace('name: mine', 'version: 2\nname: mine') + 'steps: [{ do: open }]', /version: found 2; allowed: 1/],
    ['missing field', 'name: x\nusers: [{ name: A, userId: "1" }]\nsteps: [{ do: open }]', /^f\.yaml line 1: today: found nothing \(the field is required\); allowed: a date YYYY-MM-DD/],
    ['wrong type', BASE.replace('userId: "1"', 'userId: 1') + 'steps: [{ do: open }]', /line 3: users\[0\]\.userId: found 1; allowed: Django's user id as a string/],
    ['unknown field with a near name', yaml('  - { do: open, atms: 5 }'), /steps\[0\]\.atms: found an unknown field \(did you mean "atMs"\?\); allowed: the fields do, atMs, user, jitterMs, month/],
    ['a step kind with a typo', yaml('  - { do: open }\n  - { do: relaod, atMs: 5 }'), /steps\[1\]\.do: found "relaod" \(did you mean reload\?\); allowed: open, /],
    ['a step kind in other words', yaml('  - { do: open }\n  - { do: Update, atMs: 5 }'), /steps\[1\]\.do: found "Update" \(did you mean edit\?\); allowed: open, /],
    ['unknown step kind', yaml('  - { do: open }\n  - { do: remove, atMs: 5 }'), /line 9: steps\[1\]\.do: found "remove" \(did you mean delete\?\); allowed: open, navigate, reload, refetch, delete, create, edit, filter, wait/],
    ['value not among the choices', BASE.replace('workType: activity', 'workType: chore') + 'steps: [{ do: open }]', /items\[0\]\.workType: found "chore"; allowed: "project", "activity", "task", "meeting"/],
    ['number out of range', yaml('  - { do: open, jitterMs: 20000 }'), /steps\[0\]\.jitterMs: found 20000; allowed: an integer 0\.\.10000/],
    ['not an integer', yaml('  - { do: open, atMs: 1.5 }'), /steps\[0\]\.atMs: found 1\.5; allowed: an integer/],
    ['bad pattern', yaml('  - { do: open, month: "2025-13" }'), /steps\[0\]\.month: found "2025-13"; allowed: a month YYYY-MM/],
    ['no such day', BASE.replace('startDate: 2025-10-08', 'startDate: 2025-02-29') + 'steps: [{ do: open }]', /items\[1\]\.startDate: found "2025-02-29"; allowed: a real day/],
    ['end before start', BASE.replace('endDate: 2025-10-16', 'endDate: 2025-10-14') + 'steps: [{ do: open }]', /items\[0\]\.endDate: found "2025-10-14"; allowed: a day on or after startDate 2025-10-15/],
    ['too many entries', yaml(Array.from({ length: SCENARIO_LIMITS.steps + 1 }, () => '  - { do: open }').join('\n')), /steps: found a list of 201; allowed: at most 200 steps/],
    ['empty list', yaml('  []').replace('steps:\n  []', 'steps: []'), /steps: found a list of 0; allowed: at least one step/],
    ['file too large', 'x'.repeat(SCENARIO_LIMITS.fileBytes + 1), /\(the file\): found 1000001 characters; allowed: a file of at most 1000000 characters/],
    ['duplicate uuid', BASE.replace('{ title: Budget review', `{ uuid: ${defaultUuid(0)}, title: Budget review`).replace('{ title: Site visit', `{ uuid: ${defaultUuid(0)}, title: Site visit`) + 'steps: [{ do: open }]', /items\[1\]\.uuid: found "0.*", which items\[0\] has too; allowed: a uuid no other item has/],
    ['duplicate user name', BASE.replace('users: [{ name: A, userId: "1" }]', 'users: [{ name: A, userId: "1" }, { name: A, userId: "2" }]') + 'steps: [{ do: open }]', /users\[1\]\.name: found "A", which users\[0\] has too/],
    ['unknown user', yaml('  - { do: open, user: C }'), /steps\[0\]\.user: found "C"; allowed: one of A/],
    ['user left out with several users', yaml('  - { do: open }', two), /steps\[0\]\.user: found nothing; allowed: one of A, B \(required when/],
    ['unknown item', yaml('  - { do: open }\n  - { do: delete, item: Lunch, atMs: 10 }'), /steps\[1\]\.item: found "Lunch"; allowed: the uuid or the title of an item: "Site visit", "Budget review"/],
    ['a user named with another case', yaml('  - { do: open, user: a }'), /steps\[0\]\.user: found "a" \(did you mean "A"\?\); allowed: one of A$/],
    ['an item named with another case', yaml('  - { do: open }\n  - { do: delete, item: site visit, atMs: 10 }'), /steps\[1\]\.item: found "site visit" \(did you mean "Site visit"\?\); allowed: the uuid or the title of an item: "Site visit", "Budget review"$/],
    ['ambiguous title', BASE.replace('title: Budget review', 'title: Site visit') + 'steps:\n  - { do: open }\n  - { do: delete, item: Site visit, atMs: 10 }', /steps\[1\]\.item: found "Site visit", the title of 2 items; allowed: a uuid/],
    ['item visible to an unknown user', BASE.replace('workType: activity', 'workType: activity, visibleTo: ["9"]') + 'steps: [{ do: open }]', /items\[0\]\.visibleTo\[0\]: found "9"; allowed: the userId of one of the users: "1"/],
    ['a step before the calendar is open', yaml('  - { do: reload }\n  - { do: open, atMs: 10 }'), /steps\[0\]\.do: found "reload" at 0 ms by A, whose calendar is not open yet/],
    ['a step at the same instant as the open (order not guaranteed)', yaml('  - { do: open, jitterMs: 50 }\n  - { do: reload, atMs: 50 }'), /steps\[1\]\.do: found "reload" at 50 ms/],
    ['navigate with both month and to', yaml('  - { do: open }\n  - { do: navigate, month: "2025-11", to: next, atMs: 1 }'), /steps\[1\]: found both month and to; allowed: exactly one of month/],
    ['unknown knob', BASE + 'config: { deploy.worker: 2 }\nsteps: [{ do: open }]', /config\."deploy\.worker": found an unknown knob \(did you mean "deploy\.workers"\?\); allowed: the knobs feed\.neverCache/],
    ['a knob without its group', BASE + 'config: { cacheTtlS: 60 }\nsteps: [{ do: open }]', /config\.cacheTtlS: found an unknown knob \(did you mean "feed\.cacheTtlS"\?\); allowed: the knobs /],
    ['a knob value from a list with another case', BASE + 'config: { deploy.cacheBackend: Redis }\nsteps: [{ do: open }]', /config\."deploy\.cacheBackend": found "Redis" \(did you mean "redis"\?\); allowed: "locmem", "redis"$/],
    ['bad knob value', BASE + 'config: { deploy.workers: 9 }\nsteps: [{ do: open }]', /config\."deploy\.workers": found 9; allowed: integer 1\.\.8/],
    ['knob value of the wrong type', BASE + 'config: { deploy.atomicRequests: "true" }\nsteps: [{ do: open }]', /config\."deploy\.atomicRequests": found "true"; allowed: false, true/],
    ['unknown preset', BASE + 'preset: fixed\nsteps: [{ do: open }]', /preset: found "fixed"; allowed: "broken", "seed-fix", "robust"/],
    ['only waits', yaml('  - { do: wait, forMs: 5 }'), /steps: found only wait steps; allowed: at least one step a user does/],
    ['nesting past the limit', '{"a": ' + '['.repeat(100), /\(the file\): found brackets nested deeper than 64 levels/],
    ['a YAML alias bomb', 'a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', /found YAML that cannot be read as data; allowed: plain YAML without excessive aliases/],
    ['create with the new item\'s fields on the step', yaml('  - { do: open }\n  - { do: create, title: Lunch, startDate: 2025-10-20, atMs: 10 }'), /steps\[1\]\.title: found an unknown field \(a field of the new item: write it inside item, as in item: \{ title: \.\.\., startDate: \.\.\. \}\); allowed: the fields do, atMs, user, jitterMs, item/],
    ['create without its item', yaml('  - { do: open }\n  - { do: create, atMs: 10 }'), /steps\[1\]\.item: found nothing \(the field is required\); allowed: a work item: an object with at least title and startDate/],
    ['create: an unknown field of the new item', yaml('  - { do: open }\n  - { do: create, atMs: 10, item: { title: x, startDate: 2025-10-02, colour: red } }'), /steps\[1\]\.item\.colour: found an unknown field; allowed: the fields uuid, title, startDate, endDate, workType, status, visibleTo/],
    ['create: a new item without a title', yaml('  - { do: open }\n  - { do: create, atMs: 10, item: { startDate: 2025-10-02 } }'), /steps\[1\]\.item\.title: found nothing \(the field is required\); allowed: a title of 1 to 200 characters/],
    ['create: no such day', yaml('  - { do: open }\n  - { do: create, atMs: 10, item: { title: x, startDate: 2025-02-30 } }'), /steps\[1\]\.item\.startDate: found "2025-02-30"; allowed: a real day/],
    ['create: end before start', yaml('  - { do: open }\n  - { do: create, atMs: 10, item: { title: x, startDate: 2025-10-02, endDate: 2025-10-01 } }'), /steps\[1\]\.item\.endDate: found "2025-10-01"; allowed: a day on or after startDate 2025-10-02/],
    ['create: a uuid an item has already', yaml(`  - { do: open }\n  - { do: create, atMs: 10, item: { uuid: ${defaultUuid(0)}, title: x, startDate: 2025-10-02 } }`), /steps\[1\]\.item\.uuid: found "0.*", which the item "Site visit" has already; allowed: a uuid no other item has/],
    ['create: visible to an unknown user', yaml('  - { do: open }\n  - { do: create, atMs: 10, item: { title: x, startDate: 2025-10-02, visibleTo: ["7"] } }'), /steps\[1\]\.item\.visibleTo\[0\]: found "7"; allowed: the userId of one of the users/],
    ['edit that changes nothing', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Site visit }'), /steps\[1\]: found an edit that changes nothing; allowed: at least one of title, startDate, endDate/],
    ['edit of an unknown item', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Lunch, title: y }'), /steps\[1\]\.item: found "Lunch"; allowed: the uuid or the title of an item/],
    ['edit of an item a later step creates', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Lunch, title: y }\n  - { do: create, atMs: 20, item: { title: Lunch, startDate: 2025-10-02 } }'), /steps\[1\]\.item: found "Lunch"; allowed: the uuid or the title of an item: "Site visit", "Budget review"$/],
    ['edit: a date that is not one', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Site visit, startDate: 2025/10/20 }'), /steps\[1\]\.startDate: found "2025\/10\/20"; allowed: a date YYYY-MM-DD/],
    ['edit: no such day', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Site visit, endDate: 2025-09-31 }'), /steps\[1\]\.endDate: found "2025-09-31"; allowed: a real day/],
    ['edit: the last day before the first', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Site visit, startDate: 2025-10-20 }'), /steps\[1\]\.startDate: found 2025-10-20 to 2025-10-16; allowed: dates whose last day \(inclusive\) is on or after the first \(the item runs 2025-10-15 to 2025-10-16 before this edit\)/],
    ['edit: an empty title', yaml('  - { do: open }\n  - { do: edit, atMs: 10, item: Site visit, title: "" }'), /steps\[1\]\.title: found ""; allowed: a title of 1 to 200 characters/],
    ['filter naming neither field', yaml('  - { do: open }\n  - { do: filter, atMs: 10 }'), /steps\[1\]: found a filter step that names neither workType nor status; allowed: workType and\/or status/],
    ['filter: a work type the feed does not know', yaml('  - { do: open }\n  - { do: filter, atMs: 10, workType: chore }'), /steps\[1\]\.workType: found "chore"; allowed: "project", "activity", "task", "meeting"/],
    ['filter: an unknown field', yaml('  - { do: open }\n  - { do: filter, atMs: 10, type: task }'), /steps\[1\]\.type: found an unknown field; allowed: the fields do, atMs, user, jitterMs, workType, status/],
    ['delete of an item the user cannot see', yaml('  - { do: open, user: A }\n  - { do: delete, user: A, atMs: 10, item: Site visit }', two.replace('workType: activity', 'workType: activity, visibleTo: ["2"]')), /steps\[1\]\.item: found "Site visit", which A \(userId "1"\) cannot see; allowed: an item whose visibleTo has "1": "Budget review"$/],
    ['edit of an item the user cannot see', yaml('  - { do: open, user: B }\n  - { do: edit, user: B, atMs: 10, item: Site visit, title: y }', two.replace('workType: activity', 'workType: activity, visibleTo: ["1"]')), /steps\[1\]\.item: found "Site visit", which B \(userId "2"\) cannot see/],
    ['a misspelt required field is named, not only the field it leaves missing', 'name: x\ntody: 2025-10-06\nusers: [{ name: A, userId: "1" }]\nsteps: [{ do: open }]', /^f\.yaml line 2: tody: found an unknown field \(did you mean "today"\?\); allowed: the fields .*\(and 1 more problem\)$/],
    ['a misspelt required field of an item', BASE.replace('{ title: Budget review', '{ titel: Budget review') + 'steps: [{ do: open }]', /^f\.yaml line 6: items\[1\]\.titel: found an unknown field \(did you mean "title"\?\)/],
    ['JSON duplicate key (JSON.parse would keep the last)', '{"name": "x", "today": "2025-10-06", "users": [{"name": "A", "userId": "1"}],\n "steps": [{"do": "open"}, {"do": "reload", "atMs": 0, "atMs": 3000}]}', /^f\.json line 2: steps\[1\]\.atMs: found the field a second time in the same object \(JSON would keep only the last\); allowed: each field once$/],
    ['JSON duplicate key spelt with an escape', '{"name": "x", "n\\u0061me": "y"}', /^f\.json line 1: name: found the field a second time/],
    ['a page past the year 9999 (navigate next from 9999-11)', yaml('  - { do: open, month: "9999-11" }\n  - { do: navigate, to: next, atMs: 10 }'), /steps\[1\]\.to: found a page on 9999-12, whose six-week grid leaves the years 0001\.\.9999; allowed: a month from 0001-02 to 9999-11$/],
    ['a page before the year 0001 (open on today\'s month)', yaml('  - { do: open }', BASE.replace('today: 2025-10-06', 'today: 0001-01-05')), /steps\[0\]\.do: found a page on 0001-01, whose six-week grid/],
    ['a step whose do is misspelt', yaml('  - { od: open }'), /steps\[0\]\.do: found nothing, but a field "od" \(did you mean "do"\?\); allowed: open, navigate/],
    ['a user\'s two steps at one instant (the schedule may run them in either order)', yaml('  - { do: open }\n  - { do: navigate, to: next, atMs: 10 }\n  - { do: navigate, to: next, atMs: 10 }'), /steps\[2\]\.do: found "navigate" at 10 ms by A, not after A's previous step steps\[1\] \("navigate" at 10 ms\); allowed: a time after 10 ms: a later atMs, or a wait/],
    ['a user\'s step inside their previous step\'s jitter', yaml('  - { do: open }\n  - { do: edit, atMs: 10, jitterMs: 500, item: Site visit, title: Z }\n  - { do: delete, item: Z, atMs: 200 }'), /steps\[2\]\.do: found "delete" at 200 ms by A, not after A's previous step steps\[1\] \("edit" at 10 ms, jitter to 510 ms\); allowed: a time after 510 ms: a later atMs/],
    ['a user opening twice at one instant', yaml('  - { do: open }\n  - { do: open, month: "2025-12" }'), /steps\[1\]\.do: found "open" at 0 ms by A, not after A's previous step steps\[0\]/],
    ['a delete on the day after today (the server keeps date.today() = today)', yaml('  - { do: open }\n  - { do: delete, item: Site visit, atMs: 86400000 }'), /^f\.yaml line 9: steps\[1\]\.atMs: found a delete at 86400000 ms, not on today 2025-10-06 \(0 ms is 09:00 UTC\); allowed: a write from -32400000 to 50400000 ms with its jitter/],
    ['a create whose jitter reaches past 23:00 UTC', yaml('  - { do: open }\n  - { do: wait, forMs: 50399000 }\n  - { do: create, jitterMs: 5000, item: { title: x, startDate: 2025-10-02 } }'), /steps\[2\]\.do: found a create at 50399000 ms \(jitter to 50404000 ms\), not on today 2025-10-06/],
    ['an edit the night before today', yaml('  - { do: open, atMs: -40000000 }\n  - { do: edit, item: Site visit, title: y, atMs: -33000000 }'), /steps\[1\]\.atMs: found an edit at -33000000 ms, not on today/],
    ['visibleTo: a userId as a number', BASE.replace('workType: activity', 'workType: activity, visibleTo: [1]') + 'steps: [{ do: open }]', /items\[0\]\.visibleTo\[0\]: found 1; allowed: the userId of one of the users, as a string in quotes \(e\.g\. "1"\)$/],
    ['a title YAML reads as a number', BASE.replace('title: Budget review', 'title: 2025') + 'steps: [{ do: open }]', /items\[1\]\.title: found 2025; allowed: a title of 1 to 200 characters, in quotes \(unquoted, YAML reads it as a number\)$/],
    ['a step naming an item by a title YAML reads as a boolean', yaml('  - { do: open }\n  - { do: delete, item: true, atMs: 5 }'), /steps\[1\]\.item: found true; allowed: the uuid or the title of one of the scenario's items, in quotes \(unquoted, YAML reads it as a boolean\)$/],
    ['knobs nested under their group', BASE + 'config: { deploy: { workers: 2, cacheBackend: redis } }\nsteps: [{ do: open }]', /config\.deploy: found a group of knobs \("deploy\.workers", "deploy\.cacheBackend" nested under "deploy"\); allowed: each knob as one flat key: "deploy\.workers": 2, "deploy\.cacheBackend": "redis"$/],
    ['a knob named like an Object property', BASE + 'config: { constructor: 1 }\nsteps: [{ do: open }]', /config\.constructor: found an unknown knob/],
  ];

  it.each(cases)('%s', (_what, text, message) => {
    const file = text.trimStart().startsWith('{') ? 'f.json' : 'f.yaml';
    const e = problem(text, file);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/: found .+; allowed: /);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('a write may happen from 00:00 to 23:00 UTC of today, jitter included', () => {
    const s = parseScenarioFile(yaml('  - { do: open, atMs: -32500000 }\n  - { do: edit, item: Site visit, title: y, atMs: -32400000 }\n  - { do: delete, item: y, atMs: 50390000, jitterMs: 10000 }'), 'f.yaml');
    expect(s.steps.map((st) => st.atMs)).toEqual([-32500000, -32400000, 50390000]);
  });

  it('a user may delete or edit an item they can see, or one they created whatever its visibleTo', () => {
    const two2 = two.replace('workType: activity', 'workType: activity, visibleTo: ["2"]');
    const s = parseScenarioFile(yaml('  - { do: open, user: A }\n  - { do: create, user: A, atMs: 10, item: { title: Mine, startDate: 2025-10-02, visibleTo: ["2"] } }\n  - { do: edit, user: A, atMs: 20, item: Mine, title: Mine2 }\n  - { do: delete, user: A, atMs: 30, item: Budget review }', two2), 'f.yaml');
    expect(s.steps.map((st) => st.do)).toEqual(['open', 'create', 'edit', 'delete']);
  });

  it('a file with a mistake exits 2 through the CLI, naming the path', async () => {
    const r = await cli(['run', '--scenario-file', 'f.yaml'], new Map([['f.yaml', yaml('  - { do: open }\n  - { do: remove, atMs: 5 }')]]));
    expect(r.code).toBe(2);
    expect(r.err).toBe('cachelab run: f.yaml line 9: steps[1].do: found "remove" (did you mean delete?); allowed: open, navigate, reload, refetch, delete, create, edit, filter, wait\n');
  });

  it('says how many more problems the file has', () => {
    expect(problem(yaml('  - { do: open, atMs: 1.5, jitterMs: -1 }')).message).toMatch(/\(and 1 more problem\)$/);
  });
});

describe('docs/scenario-files.md', () => {
  const doc = readFileSync('docs/scenario-files.md', 'utf8');

  it('its example file runs, and its comments say where the steps land', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
    const s = parseScenarioFile(example, 'example.yaml');
    expect(s.steps.map((st) => `${st.atMs} ${st.do}${'month' in st ? ` ${st.month}` : ''}`)).toEqual([
      '-1000 open 2025-10',
      `0 delete`,
      '2000 navigate 2025-11',
      '4000 navigate 2025-10',
      '6000 reload',
    ]);
    expect(runScenario(s).outcome.deletions).toHaveLength(1);
  });

  it('documents every field of the schema', () => {
    for (const f of [...new Set([...FIELDS.root, ...FIELDS.user, ...FIELDS.item, ...Object.values(FIELDS.step).flat()])]) expect(doc, f).toContain(`\`${f}\``);
  });
});
