// The mistakes a user makes in their own views (--app) are one-sentence usage errors that name the
// view and say what to write (exit 2): not a crash inside the simulator, not a run that never
// settles, not a 500 that passes for a fix.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUserApp } from '../../sim/app/loadUserApp';
import { checkSameTwice } from '../../sim/app/sameTwice';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { errorReply, replyError } from '../../sim/parallel/threadServe';
import type { UserApp } from '../../src/app/userApp/types';
import { UsageError } from '../../src/config';
import { cachelab, cli } from './cliHarness';

// Written as a user writes them, loosely typed: each is what a slip compiles to.
const MISTAKES: Array<[string, Record<string, unknown>, RegExp]> = [
  [
    'yield without the star',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield django.db.deleteWorkItem(uuid);
        return django.HttpResponse(200);
      },
    },
    /^work_item_delete yielded a Django call without its star: write `yield\*`, not `yield`/,
  ],
  [
    'a call with no yield at all (it never runs)',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield* django.db.deleteWorkItem(uuid);
        django.cache.delete('calendar_feed_version');
        return django.HttpResponse(200);
      },
    },
    /^work_item_delete called django\.cache\.delete without `yield\*`, so the call never ran: write `yield\* django\.cache\.delete\(\.\.\.\)`/,
  ],
  [
    'a transaction.atomic body that is not a generator',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield* django.transaction.atomic(async () => {
          await django.db.deleteWorkItem(uuid);
        });
        return django.HttpResponse(200);
      },
    },
    /^the transaction\.atomic body of work_item_delete returned a Promise \(async is not supported: calls are yield\*, not await\): give it a generator function/,
  ],
  [
    'a yield of a plain value',
    {
      *work_item_delete(_r: any, _uuid: string, django: any) {
        yield 42;
        return django.HttpResponse(200);
      },
    },
    /^work_item_delete yielded number 42, not a Django call/,
  ],
  [
    'no return',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield* django.db.deleteWorkItem(uuid);
      },
    },
    /^work_item_delete returned undefined, not a response: return django\.HttpResponse/,
  ],
  [
    'the rows returned in place of a response',
    {
      *work_items_calendar_feed(request: any, django: any) {
        return yield* django.db.workItems({ userId: request.userId, start: '2025-09-28', end: '2025-11-09' });
      },
    },
    /^work_items_calendar_feed returned an array of \d+, not a response/,
  ],
  [
    'a dict around the feed\'s events',
    {
      *work_items_calendar_feed(request: any, django: any) {
        const rows = yield* django.db.workItems({ userId: request.userId, start: '2025-09-28', end: '2025-11-09' });
        return django.JsonResponse({ events: rows.map((r: any) => django.feedEvent(r, 'uuid')) });
      },
    },
    /^work_items_calendar_feed answered 200 with an object as its body: FullCalendar's feed expects a list of events/,
  ],
  [
    'the rows in the feed, not events',
    {
      *work_items_calendar_feed(request: any, django: any) {
        return django.JsonResponse(yield* django.db.workItems({ userId: request.userId, start: '2025-09-28', end: '2025-11-09' }));
      },
    },
    /^work_items_calendar_feed answered a list whose item 0 is not an event \(no "start"\): make each with `django\.feedEvent\(row, 'uuid'\)`$/,
  ],
  [
    'a status out of range',
    {
      *work_item_delete(_r: any, _uuid: string, django: any) {
        yield* django.work('x', 'response');
        return django.HttpResponse(700);
      },
    },
    /^work_item_delete returned a response with status number 700: a status is an integer from 100 to 599$/,
  ],
  [
    'a response written by hand, without headers',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield* django.db.deleteWorkItem(uuid);
        return { status: 200 };
      },
    },
    // It said "a response with status number 200: a status is an integer from 100 to 599".
    /^work_item_delete returned an object with status 200 but no headers, not a response: return django\.HttpResponse/,
  ],
  [
    'an HX-Trigger event the page does not listen for (a typo)',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        const row = yield* django.db.getWorkItem(uuid);
        yield* django.db.deleteWorkItem(uuid);
        return django.hxTrigger('workItemDelete', { id: row.uuid, title: row.title });
      },
    },
    /^work_item_delete answered with the HX-Trigger event "workItemDelete", which the page does not listen for: after work_item_delete it listens for workItemDeleted; write django\.hxTrigger\('workItemDeleted'/,
  ],
  [
    'an HX-Trigger with no detail',
    {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield* django.db.deleteWorkItem(uuid);
        return django.hxTrigger('workItemDeleted');
      },
    },
    /^work_item_delete answered with an HX-Trigger that names no event \(a detail that is undefined is left out/,
  ],
  [
    'a loop of cache reads that never ends',
    {
      *work_items_calendar_feed(_r: any, django: any) {
        for (;;) yield* django.cache.get('never-set');
      },
    },
    /^work_items_calendar_feed made more than 10000 Django calls in one request without returning: does it loop forever\?/,
  ],
];

describe('a mistake in a view', () => {
  it.each(MISTAKES)('%s is a UsageError naming the view', (_what, app, message) => {
    const run = () => runScenario({ ...getScenario('seed-broken'), app: app as UserApp }, {});
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });

  // Each of these crashed inside the simulator ("internal error (please report it)").
  it('in an on_commit callback run after the view returned (ATOMIC_REQUESTS), or in a create listener\'s detail, names it too', async () => {
    const callback = (step: (django: any) => unknown): UserApp =>
      ({
        *work_item_delete(_r: any, uuid: string, django: any) {
          yield* django.db.deleteWorkItem(uuid);
          yield* django.transaction.on_commit(function* () {
            yield step(django);
          });
          return django.HttpResponse(200);
        },
      }) as UserApp;
    const atomic = (app: UserApp) => () => runScenario({ ...getScenario('commit-race'), app }, { overrides: ['deploy.atomicRequests=true'] });
    expect(atomic(callback((django) => django.cache.delete('k')))).toThrow(/^the on_commit callback of work_item_delete yielded a Django call without its star/);
    expect(atomic(callback(() => 5))).toThrow(/^the on_commit callback of work_item_delete yielded number 5, not a Django call/);
    const create = {
      *work_item_create(request: any, django: any) {
        const item = django.createForm(request);
        yield* django.db.createWorkItem(item);
        return django.hxTrigger('workItemCreated', { id: item.uuid, title: item.title });
      },
    } as UserApp;
    expect(() => runScenario({ ...getScenario('create-appears'), app: create }, {})).toThrow(
      /^work_item_create answered workItemCreated with a detail without start, end: the page's listener reads detail\.start; write django\.hxTrigger\('workItemCreated', django\.eventDetail\(item\)\)$/,
    );
  });

  it('is one line on stderr and exit 2 from the CLI, inside a transaction too', async () => {
    // Under ATOMIC_REQUESTS (commit-race) the request's transaction catches what the view throws:
    // a usage error must pass through it rather than become a 500.
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-mistake-'));
    const file = join(dir, 'no-star.ts');
    writeFileSync(file, 'export default {\n  *work_item_delete(request: any, uuid: string, django: any) {\n    const row = yield django.db.getWorkItem(uuid);\n    return django.HttpResponse(200);\n  },\n};\n');
    for (const argv of [['check', 'commit-race', '--runs', '5'], ['run', 'seed-broken'], ['explore', 'commit-race', '--max-states', '2000']]) {
      const r = await cachelab(...argv, '--app', file);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([`cachelab ${argv[0]}: work_item_delete yielded a Django call without its star: write \`yield*\`, not \`yield\` (e.g. \`yield* django.cache.get(key)\`)`]);
    }
  });

  it('found in a thread of explore --workers or check is still a usage error in the main thread', () => {
    const back = replyError(errorReply(new UsageError('work_item_delete returned undefined')) as { message: string; usage?: boolean });
    expect(back).toBeInstanceOf(UsageError);
    expect(back.message).toBe('work_item_delete returned undefined');
    expect(replyError(errorReply(new Error('a bug')) as { message: string })).not.toBeInstanceOf(UsageError);
  });
});

describe('a call with an argument that does not fit', () => {
  // Each ran on: a query of user undefined finds no rows (nothing can go stale), a value of
  // undefined or a function was stored in the cache, and check said "ok".
  const feedWith = (call: (django: any, request: any) => unknown) =>
    ({
      *work_items_calendar_feed(request: any, django: any) {
        yield* call(django, request) as Generator;
        return django.JsonResponse([], { neverCache: true });
      },
    }) as unknown as UserApp;
  it.each([
    ['a number as a key', (d: any) => d.cache.set(42, 1), /^django\.cache\.set: argument 1 must be a string key; got 42$/],
    ['undefined as a value', (d: any) => d.cache.set('k', undefined), /^django\.cache\.set: argument 2 must be a JSON value .*; got undefined$/],
    ['a query without its user and dates', (d: any) => d.db.workItems({}), /^django\.db\.workItems: argument 1 must be \{ userId: request\.userId, start: "YYYY-MM-DD", end: "YYYY-MM-DD", workType\?, status\? \}; got \{\}$/],
    ['FullCalendar\'s start, not a date', (d: any, r: any) => d.db.workItems({ userId: r.userId, start: r.GET.start, end: r.GET.end }), /^django\.db\.workItems: argument 1 must be/],
    ['a uuid left out', (d: any) => d.db.getWorkItem(), /^django\.db\.getWorkItem: argument 1 must be a uuid string; got undefined$/],
    ['an unknown kind of work', (d: any) => d.work('x', 'render'), /^django\.work: argument 2 must be "serialize" or "response"; got "render"$/],
  ])('%s is a UsageError naming the call', (_what, call, message) => {
    const run = () => runScenario({ ...getScenario('seed-broken'), app: feedWith(call) }, {});
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});

describe('an on_commit callback that returns nothing', () => {
  it('is a UsageError, whether it runs at once (autocommit) or after the request\'s COMMIT (ATOMIC_REQUESTS)', () => {
    // After the COMMIT it was an internal error: "yield* (intermediate value) is not iterable".
    const app = {
      *work_item_delete(_r: any, uuid: string, django: any) {
        yield* django.db.deleteWorkItem(uuid);
        yield* django.transaction.on_commit(() => {
          django.cache.delete('k');
        });
        return django.HttpResponse(200);
      },
    } as unknown as UserApp;
    for (const atomic of [false, true]) {
      const run = () => runScenario({ ...getScenario('seed-broken'), app }, { overrides: [`deploy.atomicRequests=${atomic}`] });
      expect(run).toThrow(UsageError);
      expect(run).toThrow(/^the on_commit callback of work_item_delete returned undefined: give it one Django call, `\(\) => django\.cache\.delete\(key\)`, or a generator function/);
    }
  });
});

describe('views that keep state between requests', () => {
  it('are refused before the search: the nominal schedule run twice differs', async () => {
    // The doc forbids module-level state, but nothing enforced it: check went on and reported
    // violations (or none) that came from the counter, not from the fix.
    let served = 0;
    const app: UserApp = {
      *work_items_calendar_feed(request, django) {
        const rows = yield* django.db.workItems({ userId: request.userId, start: '2025-09-28', end: '2025-11-09' });
        served++;
        return django.JsonResponse(rows.map((r) => django.feedEvent({ ...r, title: `${r.title} (${served})` }, 'uuid')), { neverCache: true });
      },
    };
    const scenario = { ...getScenario('seed-broken'), app };
    expect(() => checkSameTwice(scenario, 'broken', [])).toThrow(UsageError);
    expect(() => checkSameTwice(scenario, 'broken', [])).toThrow(/^your views are not deterministic: the nominal schedule of seed-broken, run twice, differed .*; a view must compute only from its request and its calls' answers: no module-level state, clock or randomness$/);
    for (const example of ['robust-app', 'invalidate-on-commit', 'invalidate-in-transaction']) {
      const { app: fine, overrides } = await loadUserApp(`examples/${example}.ts`);
      expect(() => checkSameTwice({ ...getScenario('commit-race'), app: fine }, 'broken', overrides)).not.toThrow();
    }
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-state-'));
    const file = join(dir, 'random.ts');
    // Random titles, not a random filter: two runs whose filters drew alike (seed-broken's 10 rows: one
    // in 1,024) passed as deterministic, and the test failed once in CI.
    writeFileSync(file, "export default {\n  *work_items_calendar_feed(request: any, django: any) {\n    const rows = yield* django.db.workItems({ userId: request.userId, start: '2025-09-28', end: '2025-11-09' });\n    return django.JsonResponse(rows.map((r: any) => django.feedEvent({ ...r, title: `${r.title} ${Math.random()}` }, 'uuid')), { neverCache: true });\n  },\n};\n");
    for (const argv of [['check', 'commit-race', '--runs', '5'], ['run', 'seed-broken'], ['explore', 'commit-race', '--max-states', '500']]) {
      const r = await cachelab(...argv, '--app', file);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^cachelab \w+: your views are not deterministic: .*\n$/);
    }
  });
});

describe('a valid view', () => {
  it('may make a call and run it later, in its on_commit callback', () => {
    let ran = 0;
    const app: UserApp = {
      *work_item_delete(_r, uuid, django) {
        yield* django.db.deleteWorkItem(uuid);
        const bump = django.cache.delete('calendar_feed_version');
        yield* django.transaction.on_commit(function* () {
          ran++;
          yield* bump;
        });
        yield* django.transaction.on_commit(() => django.cache.delete('other'));
        return django.hxTrigger('workItemDeleted', { id: uuid, title: '' });
      },
    };
    // ATOMIC_REQUESTS (commit-race's default): the callbacks run after the view has returned.
    for (const scenario of ['commit-race', 'seed-broken']) runScenario({ ...getScenario(scenario), app }, { overrides: ['deploy.atomicRequests=true'] });
    expect(ran).toBe(2);
  });
});

describe('a view that changes what it was given', () => {
  it('changes its own copy, as with Django\'s model instances and unpickled cache values: not the database nor the cache', () => {
    // The rows were the database's own objects: `row.title += '!'` (no save) changed the table,
    // and each later query showed one more "!". A cached list changed after set() or get() changed the entry.
    const titles: string[][] = [];
    const app: UserApp = {
      *work_items_calendar_feed(request, django) {
        const rows = yield* django.db.workItems({ userId: request.userId, start: '2025-09-28', end: '2025-11-09' });
        titles.push(rows.map((r) => r.title));
        for (const r of rows) r.title += '!';
        const events = rows.map((r) => django.feedEvent(r, 'uuid'));
        yield* django.cache.set('mine', events, null);
        events.pop();
        const cached = (yield* django.cache.get('mine')) as unknown[];
        const before = cached.length;
        cached.pop();
        titles.push([String(before), String(((yield* django.cache.get('mine')) as unknown[]).length)]);
        return django.JsonResponse(events, { neverCache: true });
      },
    };
    runScenario({ ...getScenario('seed-broken'), app }, {});
    expect(titles.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < titles.length; i += 2) {
      expect(titles[i].some((t) => t.endsWith('!')), `request ${i / 2}`).toBe(false);
      expect(titles[i + 1]).toEqual([String(titles[i].length), String(titles[i].length)]);
    }
  });
});

describe('a view that sets a knob on django.config', () => {
  it('cannot change the run\'s config (it changed trace.config and every later request\'s knobs)', () => {
    const app: UserApp = {
      *work_item_delete(_r, uuid, django) {
        try {
          (django.config as unknown as Record<string, unknown>)['deploy.workers'] = 7;
        } catch {
          // A frozen object refuses the write (this file is a strict ES module).
        }
        yield* django.db.deleteWorkItem(uuid);
        return django.HttpResponse(200);
      },
    };
    const trace = runScenario({ ...getScenario('seed-broken'), app }, {});
    expect(trace.config['deploy.workers']).toBe(runScenario(getScenario('seed-broken'), {}).config['deploy.workers']);
  });
});

describe('a file that is not views', () => {
  // A Python twin outside an ES module package was read as JavaScript: "it threw SyntaxError: Invalid or unexpected token".
  it('is named for what it is: the Python twin, a scenario file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-not-views-'));
    writeFileSync(join(dir, 'my_fix.py'), 'from django.core.cache import cache\n');
    await expect(loadUserApp(join(dir, 'my_fix.py'))).rejects.toThrow(/^cannot load app .*my_fix\.py: it is Python: --app takes your views in TypeScript \(my-fix\.ts\); their Python twin goes to npm run stack's --views/);
    await expect(loadUserApp('examples/edit-moves-next-month.yaml')).rejects.toThrow(/^cannot load app examples\/edit-moves-next-month\.yaml: it is a scenario file or a trace, not views: a scenario goes with --scenario-file examples\/edit-moves-next-month\.yaml/);
  });
});

describe('a view that throws', () => {
  it('is still a 500, as Django answers, and the response row shows the exception', () => {
    const app: UserApp = {
      *work_item_delete() {
        throw new TypeError("Cannot read properties of null (reading 'title')\nat line 2");
      },
    };
    const trace = runScenario({ ...getScenario('seed-broken'), app }, {});
    const responses = trace.events.filter((e) => e.type === 'http.respond' && e.payload.method === 'DELETE');
    expect(responses.map((e) => e.payload.status)).toEqual([500]);
    // The place is the first frame outside cachelab's own code: here, this test file.
    expect(responses[0].label).toMatch(/answers 500 to DELETE \S+ \(TypeError: Cannot read properties of null \(reading 'title'\) at line 2 \(userAppMistakes\.test\.ts, line \d+\)\)$/);
  });

  it('makes check and explore say so under an "ok": the fix never ran', async () => {
    // A delete view that always fails deletes nothing, so nothing can go stale: check said "ok"
    // and nothing else, as for a fix that holds.
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-throws-'));
    const file = join(dir, 'throws.ts');
    // Random titles, not a random filter: two runs whose filters drew alike (seed-broken's 10 rows: one
    // in 1,024) passed as deterministic, and the test failed once in CI.
    writeFileSync(file, "export default {\n  *work_item_delete(request: any, uuid: string, django: any) {\n    throw new Error('boom');\n  },\n};\n");
    for (const argv of [['check', 'commit-race', '--runs', '5'], ['explore', 'commit-race', '--max-states', '500']]) {
      const r = await cachelab(...argv, '--app', file);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out).toContain('Note: your views raised an exception (Django answers 500). A request that fails does not test your fix, whatever the verdict says:');
      // With the file and line (which line: the real CLI's, below; vitest maps stacks its own way).
      expect(r.out).toMatch(/ {2}commit-race: 1 request\(s\) answered 500 in the nominal run, first at \d+ ms: worker \d answers 500 to DELETE \S+ \(Error: boom \(throws\.ts, line \d+\)\)\n/);
      expect(r.out).toContain(`  (cachelab run commit-race --app ${file} --format timing shows the run)\n`);
    }
    // The run line names a scenario file as the commands take it (it said `run <scenario>`, which `run` refuses).
    const mine = new Map([['mine.json', (await cachelab('scenarios', '--export', 'commit-race')).out.replace('"name": "commit-race"', '"name": "my-race"')]]);
    for (const argv of [['check', '--scenario-file', 'mine.json', '--runs', '5'], ['explore', '--scenario-file', 'mine.json', '--max-states', '500']]) {
      const r = await cli([...argv, '--app', file], mine);
      expect(r.out, argv.join(' ')).toContain(`  (cachelab run --scenario-file mine.json --app ${file} --format timing shows the run)\n`);
    }
    // check --json and explore --json (a CI gate) say it too, as "serverErrors" (explore --json said nothing).
    for (const argv of [['check', 'commit-race', '--runs', '5'], ['explore', 'commit-race', '--max-states', '500']]) {
      const json = JSON.parse((await cachelab(...argv, '--json', '--app', file)).out) as { serverErrors: Array<{ scenario: string; count: number; status: number; response: string }>; builtInViews: Array<{ view: string }> };
      expect(json.serverErrors, argv[0]).toEqual([expect.objectContaining({ scenario: 'commit-race', count: 1, status: 500, response: expect.stringMatching(/\(Error: boom \(throws\.ts, line \d+\)\)$/) })]);
      expect(json.builtInViews.map((v) => v.view), argv[0]).toEqual(['work_items_calendar_feed']);
    }
    expect(JSON.parse((await cachelab('explore', 'commit-race', '--max-states', '500', '--json')).out)).not.toHaveProperty('serverErrors');
    // The real CLI says the line in the TypeScript file: of a CommonJS file (outside any package;
    // it was loaded as a data: URL of the compiled code, without a map, and said no place at all),
    // of an ES module (in this project, "type": "module"), of a helper it imports, of a Django call.
    const real = (...argv: string[]) => execFileSync(process.execPath, ['bin/cachelab.js', ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(real('check', 'commit-race', '--runs', '5', '--app', file)).toMatch(/answers 500 to DELETE \S+ \(Error: boom \(throws\.ts, line 3\)\)\n/);
    // A throw at the file's top level, as it loads, is placed the same way.
    writeFileSync(join(dir, 'top.ts'), "const none: any = null;\nconst key = none.prefix;\nexport default { config: {} };\n");
    expect(() => real('run', 'commit-race', '--app', join(dir, 'top.ts'))).toThrow(/it threw TypeError: Cannot read properties of null \(reading 'prefix'\) \(top\.ts, line 2, as the module was loaded, outside any view\)/);
    mkdirSync('tmp', { recursive: true });
    const esm = mkdtempSync(join('tmp', 'throws-'));
    try {
      writeFileSync(join(esm, 'helper.ts'), 'export function bump(v: Record<string, number> | null, k: string) {\n  v![k] += 1;\n}\n');
      writeFileSync(
        join(esm, 'app.ts'),
        "import { bump } from './helper';\nexport default {\n  *work_item_delete(request: any, uuid: string, django: any) {\n    bump(yield* django.cache.get('v'), request.userId);\n    return django.HttpResponse(200);\n  },\n  *work_item_create(request: any, django: any) {\n    yield* django.cache.incr('v');\n    return django.HttpResponse(200);\n  },\n};\n",
      );
      const labels = (scenario: string) => () => real('run', scenario, '--app', join(esm, 'app.ts'), '--format', 'json');
      expect(labels('commit-race')()).toMatch(/answers 500 to DELETE \S+ \(TypeError: Cannot read properties of null \(reading '1'\) \(helper\.ts, line 2\)\)/);
      expect(labels('create-appears')()).toMatch(/answers 500 to POST \S+ \(ValueError: Key 'v' not found \(app\.ts, line 8\)\)/);
    } finally {
      rmSync(esm, { recursive: true, force: true });
    }
    const fine = await cachelab('check', 'commit-race', '--runs', '5', '--app', 'examples/robust-app.ts');
    expect(fine.out).not.toContain('Note:');
    expect((JSON.parse((await cachelab('check', 'commit-race', '--runs', '5', '--json', '--app', 'examples/robust-app.ts')).out) as { serverErrors: unknown[] }).serverErrors).toEqual([]);
  });
});
