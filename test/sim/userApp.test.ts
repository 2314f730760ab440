// Your own views (--app): the API behaves as Django does, the robust fix written as a user app runs
// exactly as the built-in views do, a bad app file is a one-line usage error, and each shipped
// example gives the verdict docs/your-own-fix.md states for it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUserApp, loadUserApp } from '../../sim/app/loadUserApp';
import { runScenario } from '../../sim/run';
import { checkInvariants } from '../../sim/invariants/index';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';
import type { UserApp } from '../../src/app/userApp/types';
import { UsageError } from '../../src/config';
import { cachelab, cli } from './cliHarness';

function deleteResponses(app: UserApp, scenario = 'seed-broken', overrides: string[] = []) {
  const trace = runScenario({ ...getScenario(scenario), app }, { overrides });
  return { trace, responses: trace.events.filter((e) => e.type === 'http.respond' && e.payload.method === 'DELETE') };
}

describe('the robust fix written as a user app', () => {
  it('runs exactly as the built-in views under --config robust, in every scenario, nominal and seeded', async () => {
    const { app, overrides } = await loadUserApp('examples/robust-app.ts');
    expect(overrides).toEqual(['page.onDeleted=remove-and-refetch', 'page.onCreated=add-and-refetch', 'page.onUpdated=set-and-refetch']);
    for (const s of SCENARIOS)
      for (const seed of [null, 5]) {
        const builtIn = runScenario(s, { preset: 'robust', seed });
        const mine = runScenario({ ...s, app }, { preset: 'robust', seed, overrides });
        expect(JSON.stringify([mine.events, mine.outcome, mine.choices]), `${s.name} seed ${seed}`).toBe(JSON.stringify([builtIn.events, builtIn.outcome, builtIn.choices]));
      }
  });
});

describe('create and edit views of your own', () => {
  it('get the form as request.POST, write through db.createWorkItem / updateWorkItem, and answer the page', () => {
    const seen: unknown[] = [];
    const app: UserApp = {
      *work_item_create(request, django) {
        seen.push(request.method, request.POST.title);
        const item = django.createForm(request)!;
        yield* django.db.createWorkItem(item);
        return django.hxTrigger('workItemCreated', django.eventDetail(item));
      },
      *work_item_update(request, uuid, django) {
        const row = (yield* django.db.getWorkItem(uuid))!;
        const fields = django.editForm(request, row)!;
        seen.push(yield* django.db.updateWorkItem(uuid, fields));
        return django.hxTrigger('workItemUpdated', django.eventDetail({ uuid, ...fields }));
      },
    };
    const trace = runScenario({ ...getScenario('edit-reverts'), app }, { preset: 'robust' });
    expect(seen).toEqual([1]);
    expect(trace.events.filter((e) => e.type === 'page.workItemUpdated')).toHaveLength(1);
    const created = runScenario({ ...getScenario('create-appears'), app }, { preset: 'robust' });
    expect(seen).toEqual([1, 'POST', 'Team lunch']);
    expect(created.events.some((e) => e.type === 'db.insert' && (e.payload.written as unknown[]).length === 1)).toBe(true);
    // No invalidation in these views: robust's versioned feed key never moves, so the edit reverts.
    expect(checkInvariants(trace).map((v) => v.invariant)).toContain('read-your-writes');
  });

  it('a second create of the same uuid is an IntegrityError: 500', () => {
    const app: UserApp = {
      *work_item_create(request, django) {
        const item = django.createForm(request)!;
        yield* django.db.createWorkItem(item);
        yield* django.db.createWorkItem(item);
        return django.HttpResponse(200);
      },
    };
    const trace = runScenario({ ...getScenario('create-appears'), app }, { preset: 'broken' });
    const post = trace.events.find((e) => e.type === 'http.respond' && e.payload.method === 'POST')!;
    expect(post.payload.status).toBe(500);
  });
});

describe('the Django API', () => {
  it('an exception in a view rolls back its transaction and answers 500; the row is not deleted', () => {
    const app: UserApp = {
      *work_item_delete(_request, uuid, django) {
        yield* django.transaction.atomic(function* () {
          yield* django.db.deleteWorkItem(uuid);
          yield* django.cache.incr('missing-key');
        });
        return django.HttpResponse(204);
      },
    };
    const { trace, responses } = deleteResponses(app);
    expect(responses.map((r) => r.payload.status)).toEqual([500]);
    expect(trace.events.some((e) => e.type === 'db.rollback')).toBe(true);
    expect(trace.outcome.deletions).toEqual([]);
  });

  it('cache.incr raises a ValueError a view can catch; cache.add then incr counts from 0', () => {
    const seen: unknown[] = [];
    const app: UserApp = {
      *work_item_delete(_request, uuid, django) {
        try {
          yield* django.cache.incr('v');
        } catch (e) {
          seen.push((e as Error).name);
        }
        seen.push(yield* django.cache.add('v', 0, null), yield* django.cache.incr('v'), yield* django.cache.get('v', 0, { small: true }));
        seen.push(yield* django.cache.delete('v'), yield* django.cache.delete('v'), yield* django.cache.get('v', 'gone'));
        yield* django.db.deleteWorkItem(uuid);
        return django.hxTrigger('workItemDeleted', { id: uuid, title: 'x' });
      },
    };
    deleteResponses(app);
    expect(seen).toEqual(['ValueError', true, 1, 1, true, false, 'gone']);
  });

  it('on_commit runs after the COMMIT under ATOMIC_REQUESTS, and at once in autocommit', () => {
    const app: UserApp = {
      *work_item_delete(_request, uuid, django) {
        yield* django.transaction.on_commit(function* () {
          yield* django.cache.set('after-commit', 1, null, { small: true });
        });
        yield* django.db.deleteWorkItem(uuid);
        return django.hxTrigger('workItemDeleted', { id: uuid, title: 'x' });
      },
    };
    // The delete request's own statements and the callback's cache.set, in trace order.
    const order = (overrides: string[]) =>
      deleteResponses(app, 'seed-broken', overrides)
        .trace.events.filter(
          (e) =>
            (e.type === 'cache.set' && e.payload.key === 'after-commit') ||
            ['db.onCommit', 'db.delete'].includes(e.type) ||
            (e.type === 'db.commit' && (e.payload.callbacks as string[]).length > 0),
        )
        .map((e) => e.type);
    expect(order([])).toEqual(['db.onCommit', 'cache.set', 'db.delete']);
    expect(order(['deploy.atomicRequests=true'])).toEqual(['db.onCommit', 'db.delete', 'db.commit', 'cache.set']);
  });

  it('a view the app leaves out is the built-in one', () => {
    const app: UserApp = {
      *work_item_delete(_request, uuid, django) {
        yield* django.db.deleteWorkItem(uuid);
        return django.hxTrigger('workItemDeleted', { id: uuid, title: 'x' });
      },
    };
    const { trace } = deleteResponses(app);
    expect(trace.events.filter((e) => e.type === 'cache.get').length).toBeGreaterThan(0);
  });
});

describe('loading an app file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-app-'));

  it.each([
    [undefined, /the default export must be an object of views .*; found no default export/],
    [{ work_item_delete() {} }, /work_item_delete must be a generator function/],
    // `async` where `*` belongs: said as such, not as "found function".
    [{ async *work_item_delete() {} }, /work_item_delete must be a generator function .*; found an async generator function \(drop the async/],
    [{ async work_item_delete() {} }, /work_item_delete must be a generator function .*; found an async function \(write function\*/],
    [{ name: 'x' }, /the app defines no view and no config/],
    [{ views: {} }, /unknown field "views" in the default export; allowed: name, config, work_items_calendar_feed, work_item_delete/],
    [{ *work_items_calendar_fed() {} }, /unknown field "work_items_calendar_fed" in the default export \(did you mean work_items_calendar_feed\?\); allowed: /],
    [{ config: { 'deploy.workers': 99 }, *work_item_delete() {} }, /config: bad value "99" for deploy.workers; allowed: integer 1..8/],
    [{ config: { nope: 1 }, *work_item_delete() {} }, /config."nope" is not a knob/],
    [{ config: { 'page.onUpdate': 'refetch' }, *work_item_delete() {} }, /^my-app\.ts: config."page\.onUpdate" is not a knob \(did you mean page\.onUpdated\?\); valid knobs: /],
    // The feed's two parameters on the delete view: the uuid came in as `django`, every call a 500.
    [{ *work_item_delete(_request: unknown, _django: unknown) {} }, /^my-app\.ts: work_item_delete is called as work_item_delete\(request, uuid, django\); yours declares 2 parameter\(s\)$/],
  ])('%j is refused in one sentence', (exported, message) => {
    expect(() => checkUserApp(exported, 'my-app.ts')).toThrow(message);
    expect(() => checkUserApp(exported, 'my-app.ts')).toThrow(UsageError);
  });

  it('a config without views is a fix made of knobs: the built-in views run under it', () => {
    // It was refused ("the app defines no view"), though a file is where such a fix is kept.
    const config = { 'feed.versionedKey': true, 'delete.bumpVersion': true, 'version.store': 'db' };
    const loaded = checkUserApp({ name: 'knobs', config }, 'knobs.ts');
    expect(loaded.overrides).toEqual(['feed.versionedKey=true', 'delete.bumpVersion=true', 'version.store=db']);
    const mine = runScenario({ ...getScenario('commit-race'), app: loaded.app }, { overrides: loaded.overrides });
    const plain = runScenario(getScenario('commit-race'), { overrides: loaded.overrides });
    expect(JSON.stringify(mine.events)).toBe(JSON.stringify(plain.events));
  });

  it('a missing file or one that does not compile is a usage error naming it', async () => {
    await expect(loadUserApp(join(dir, 'missing.ts'))).rejects.toThrow(/cannot load app .*missing\.ts: no such file/);
    writeFileSync(join(dir, 'broken.ts'), 'export default { *work_item_delete( {');
    await expect(loadUserApp(join(dir, 'broken.ts'))).rejects.toThrow(/cannot load app .*broken\.ts: /);
    // An empty name imported the current folder: "Directory import ... is not supported".
    await expect(loadUserApp('')).rejects.toThrow(/^--app needs a file name, e\.g\. --app my-fix\.ts$/);
    const r = await cachelab('run', 'seed-broken', '--app', join(dir, 'missing.ts'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--app examples/... from another folder, or a copied example missing the one it imports, says which of cachelab\'s own to use', () => {
    // --help's "Your fix:" line and docs/your-own-fix.md name the example by a path relative to
    // the project; from a user's own folder it said only "no such file".
    const elsewhere = mkdtempSync(join(tmpdir(), 'cachelab-elsewhere-'));
    const bin = join(process.cwd(), 'bin/cachelab.js');
    const run = (app: string) => {
      try {
        execFileSync('node', [bin, 'check', 'commit-race', '--app', app, '--runs', '1'], { cwd: elsewhere, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { code: 0, err: '' };
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return { code: err.status, err: err.stderr };
      }
    };
    const own = join(process.cwd(), 'examples/invalidate-on-commit.ts');
    const r = run('examples/invalidate-on-commit.ts');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`cachelab check: cannot load app examples/invalidate-on-commit.ts: no such file in ${elsewhere}; cachelab's own is ${own}: --app ${own}`);
    // A file that is nobody's stays "no such file".
    expect(run('examples/nope.ts').err.trim()).toBe('cachelab check: cannot load app examples/nope.ts: no such file');
    // invalidate-on-commit.ts imports invalidate-in-transaction.ts: copied alone, that import
    // failed with Node's message only.
    writeFileSync(join(elsewhere, 'my-fix.ts'), readFileSync(own, 'utf8'));
    const copied = run('my-fix.ts');
    expect(copied.code).toBe(2);
    expect(copied.err.trim()).toMatch(/^cachelab check: cannot load app my-fix\.ts: Cannot find module '\.\/invalidate-in-transaction'; it is one of cachelab's examples: copy \S+\/examples\/invalidate-in-transaction\.ts beside your file$/);
    writeFileSync(join(elsewhere, 'invalidate-in-transaction.ts'), readFileSync(join(process.cwd(), 'examples/invalidate-in-transaction.ts'), 'utf8'));
    expect(run('my-fix.ts').code).toBe(0);
  });

  it('a syntax error is shown with its line and column, not only esbuild\'s heading', async () => {
    // The message was cut to its first line: "Transform failed with 1 error:", which says nothing.
    writeFileSync(join(dir, 'typo.ts'), 'export default {\n  *work_item_delete(r: any, u: string, django: any) {\n    return django.HttpResponse(404;\n  },\n};\n');
    await expect(loadUserApp(join(dir, 'typo.ts'))).rejects.toThrow(/cannot load app .*typo\.ts: it does not compile: .*typo\.ts:3:34: Expected "\)" but found ";"$/);
  });

  it('a missing helper of an ES module is named as such, and a module that throws says so', async () => {
    // In a "type": "module" package, Node's message names the importing file too, and the app
    // file itself was said to be missing ("no such file").
    const own = mkdtempSync(join(tmpdir(), 'cachelab-esm-'));
    writeFileSync(join(own, 'package.json'), '{"type": "module"}\n');
    writeFileSync(join(own, 'fix.ts'), "import { x } from './helpr';\nexport default { config: { 'deploy.workers': x } };\n");
    await expect(loadUserApp(join(own, 'fix.ts'))).rejects.toThrow(/^cannot load app .*fix\.ts: Cannot find module '.*helpr' imported from /);
    writeFileSync(join(own, 'boom.ts'), "throw new RangeError('top-level boom');\nexport default {};\n");
    await expect(loadUserApp(join(own, 'boom.ts'))).rejects.toThrow(/^cannot load app .*boom\.ts: it threw RangeError: top-level boom \(boom\.ts, line \d+, as the module was loaded, outside any view\)$/);
  });

  it('named exports without a default one: the message says to write `export default`', async () => {
    // Compiled as CommonJS (no "type": "module" above it), the exports object came through as the
    // default and the message was 'unknown field "app" in the default export'.
    const own = mkdtempSync(join(tmpdir(), 'cachelab-named-'));
    writeFileSync(join(own, 'named.ts'), 'export const app = {\n  *work_item_delete(r: any, u: string, django: any) {\n    return django.HttpResponse(404);\n  },\n};\n');
    await expect(loadUserApp(join(own, 'named.ts'))).rejects.toThrow(/named\.ts: the app must be the default export; found only named export\(s\) app: write `export default app`/);
    writeFileSync(join(own, 'package.json'), '{"type": "module"}\n');
    writeFileSync(join(own, 'named-esm.ts'), readFileSync(join(own, 'named.ts'), 'utf8'));
    await expect(loadUserApp(join(own, 'named-esm.ts'))).rejects.toThrow(/named-esm\.ts: the app must be the default export; found only named export\(s\) app/);
  });

  it('a directory or a named pipe is refused before the import, without waiting for a writer', async () => {
    mkdirSync(join(dir, 'app-dir.ts'));
    execFileSync('mkfifo', [join(dir, 'app-fifo.ts')]);
    for (const name of ['app-dir.ts', 'app-fifo.ts']) {
      await expect(loadUserApp(join(dir, name))).rejects.toThrow(/cannot load app .*: it is not a regular file/);
      const r = await cachelab('check', 'seed-broken', '--app', join(dir, name));
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a copy outside the project (no "type": "module" above it) loads and gives the example\'s verdict', async () => {
    // docs/your-own-fix.md starts from a copy of an example; a user keeps it in their own project.
    // Node compiles such a file as CommonJS: through a plain import() the CLI died with "Cannot
    // require() ES Module ... in a cycle". Run as a user runs it: bin/cachelab.js in a new process.
    const own = mkdtempSync(join(tmpdir(), 'cachelab-own-fix-'));
    writeFileSync(join(own, 'helpers.ts'), readFileSync('examples/invalidate-in-transaction.ts', 'utf8'));
    writeFileSync(join(own, 'my-fix.ts'), "import app from './helpers';\nexport default { ...app, name: 'my copy' };\n");
    const loaded = await loadUserApp(join(own, 'my-fix.ts'));
    const example = await loadUserApp('examples/invalidate-in-transaction.ts');
    expect(Object.keys(loaded.app).sort()).toEqual(Object.keys({ ...example.app, name: '' }).sort());
    expect(loaded.overrides).toEqual(example.overrides);
    const verdict = (app: string, out: string) => {
      try {
        const argv = ['bin/cachelab.js', 'check', 'commit-race', '--app', app, '--runs', '100', '--json', '--out', join(own, out)];
        return { code: 0, out: execFileSync('node', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), err: '' };
      } catch (e) {
        const err = e as { status: number; stdout: string; stderr: string };
        return { code: err.status, out: err.stdout, err: err.stderr };
      }
    };
    const mine = verdict(join(own, 'my-fix.ts'), 'mine.json');
    const theirs = verdict('examples/invalidate-in-transaction.ts', 'theirs.json');
    expect(mine.err).not.toMatch(/cannot load app/);
    expect(theirs.code).toBe(1);
    expect(mine.code).toBe(theirs.code);
    const counterexample = (out: string) => (JSON.parse(out) as { scenarios: Array<{ counterexample: { script: number[] } }> }).scenarios[0].counterexample.script;
    expect(counterexample(mine.out)).toEqual(counterexample(theirs.out));
  });

  it('the printed replay command runs as pasted, from a folder with a space, and prints itself again', async () => {
    // It printed `--app my fix.ts` (two words for the shell) and the app's config as --set flags,
    // which --app applies again: each replay of the printed command printed one more copy of them.
    const own = mkdtempSync(join(tmpdir(), 'cachelab own fix '));
    const file = join(own, "Bob's fix.ts");
    writeFileSync(file, readFileSync('examples/invalidate-in-transaction.ts', 'utf8'));
    const files = new Map<string, string>();
    const check = await cli(['check', 'commit-race', '--app', file, '--runs', '100', '--set', 'deploy.workers=3', '--out', join(own, 'ce 1.json')], files);
    expect(check.code).toBe(1);
    const [fromFile, literal] = check.out.split('\nReplay:\n')[1].split('\n').map((l) => l.trim());
    const quoted = `'${file.replace(/'/g, `'\\''`)}'`;
    expect(fromFile).toBe(`npx cachelab replay '${join(own, 'ce 1.json')}' --app ${quoted}`);
    expect(literal).toMatch(new RegExp(`^npx cachelab replay commit-race --app ${quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --config broken --set deploy\\.workers=3 --choices [\\d,]+$`));
    const pasted = (line: string) => {
      try {
        return execFileSync('sh', ['-c', line.replace('npx cachelab', 'node bin/cachelab.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        return (e as { stdout: string }).stdout;
      }
    };
    expect(pasted(literal)).toContain(`Replay:\n  ${literal}\n`);
  });

  it('run --app, then replay its trace with the same --app: identical', async () => {
    const files = new Map<string, string>();
    const run = await cli(['run', 'commit-race', '--app', 'examples/invalidate-on-commit.ts', '--seed', '3', '--format', 'json', '--out', 't.json'], files);
    expect(run.code).toBe(0);
    expect(JSON.parse(files.get('t.json')!).overrides).toEqual(['page.onDeleted=remove-and-refetch']);
    const again = await cli(['replay', 't.json', '--app', 'examples/invalidate-on-commit.ts'], files);
    expect(again.out).toContain('identical');
    // The trace names its app file; another spelling of the same file replays it identically.
    expect(JSON.parse(files.get('t.json')!).app).toBe('examples/invalidate-on-commit.ts');
    expect((await cli(['replay', 't.json', '--app', './examples/invalidate-on-commit.ts'], files)).out).toContain('identical');
    // Without the app it ran the built-in views and diverged: it now says which file to give.
    const without = await cli(['replay', 't.json'], files);
    expect(without.code).toBe(2);
    expect(without.err.trim()).toBe('cachelab replay: t.json was recorded with your own views (--app examples/invalidate-on-commit.ts): replay it with them, cachelab replay t.json --app examples/invalidate-on-commit.ts');
    // With another app, the divergence names the recorded file.
    const other = await cli(['replay', 't.json', '--app', 'examples/robust-app.ts'], files);
    expect(other.code).toBe(1);
    expect(other.out).toContain('It was recorded with --app examples/invalidate-on-commit.ts: is examples/robust-app.ts that file, as it was then?');
    // A trace that names no app (the built-in views, or written before traces named one) and
    // diverges without --app says the usual cause.
    const { app: _named, ...older } = JSON.parse(files.get('t.json')!);
    files.set('old.json', JSON.stringify(older, null, 1) + '\n');
    const old = await cli(['replay', 'old.json'], files);
    expect(old.code).toBe(1);
    expect(old.out).toMatch(/DIVERGED: choice #\d+/);
    expect(old.out).toContain('If it was recorded with your own views (check, explore or run with --app F), replay it with the same --app F.');
  });
});

describe('docs/your-own-fix.md: each example gives the verdict the doc states', () => {
  const doc = readFileSync('docs/your-own-fix.md', 'utf8');
  // Rows of the verdict table: | `npx cachelab check|explore ...` | ok or VIOLATED (...) |
  const rows = [...doc.matchAll(/^\| `npx cachelab ((?:check|explore) [^`]+)` \| (ok|VIOLATED)\b/gm)].map((m) => ({ argv: m[1].split(' '), verdict: m[2] }));

  it('the table lists every shipped example, with both verdicts among them', () => {
    for (const example of ['robust-app', 'invalidate-in-transaction', 'invalidate-on-commit']) expect(rows.some((r) => r.argv.includes(`examples/${example}.ts`))).toBe(true);
    expect(new Set(rows.map((r) => r.verdict))).toEqual(new Set(['ok', 'VIOLATED']));
    // The on_commit fix's window: explore finds what check's random schedules miss.
    expect(rows.some((r) => r.argv[0] === 'explore' && r.argv.includes('examples/invalidate-on-commit.ts') && r.verdict === 'VIOLATED')).toBe(true);
  });

  it.each(rows.map((r) => [r.argv.join(' '), r.verdict]))('cachelab %s -> %s', async (command, verdict) => {
    const r = await cli(command.split(' '), new Map());
    expect(r.code).toBe(verdict === 'ok' ? 0 : 1);
  });
});
