// Your own fix on the real stack: `npm run stack -- ... --app F.ts --views F.py` runs the views of
// F.ts in the model and the same views, written in Python, in the real Django workers, and
// compares the two step by step. The examples' twins must agree with the model, nominal and
// along a counterexample's schedule; a Python file that is not the TypeScript app's twin, or a
// view that raises, must show as a difference, never as agreement.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stack } from './stack/stackTool';

const REPO = process.cwd();
const IN_TX = join(REPO, 'examples/invalidate-in-transaction.ts');
const IN_TX_PY = join(REPO, 'examples/invalidate_in_transaction.py');
const ON_COMMIT = join(REPO, 'examples/invalidate-on-commit.ts');
const ON_COMMIT_PY = join(REPO, 'examples/invalidate_on_commit.py');
const BOTH_SIDES_STALE = /settle: every user reloads\), deleted but shown: model A's calendar shows "Site visit", A2's calendar shows "Site visit"; real stack A's calendar shows "Site visit", A2's calendar shows "Site visit"/;

/** What `cachelab check` prints under its counterexample about the real stack, run from a fresh folder. */
function checkHint(...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-check-'));
  let out = '';
  try {
    execFileSync('node', [join(REPO, 'bin/cachelab.js'), 'check', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  return out.split('\n').find((l) => l.startsWith('Does it happen on the real stack?'))!;
}

describe('npm run stack with your own views (--app F.ts --views F.py)', () => {
  it('the on_commit fix: the model and real Django agree, and the real workers follow the model order exactly', { timeout: 120_000 }, async () => {
    const r = await stack('commit-race', '--app', ON_COMMIT, '--views', ON_COMMIT_PY);
    expect(r.err).not.toMatch(/^stack: /m);
    expect(r.out).toContain(`your views: ${ON_COMMIT} in the model, ${ON_COMMIT_PY} on the real stack (work_items_calendar_feed, work_item_delete)`);
    // transaction.on_commit (the model's db.onCommit) and the nested atomic's SAVEPOINT are no
    // operations of the schedule: counted as ones, the real workers left the model's order.
    expect(r.out).not.toContain("left the model's order");
    expect(r.out).not.toContain('note: the feed answered');
    expect(r.out).toMatch(/agree: (\d+) of \1 fields/);
    expect(r.code).toBe(0);
  });

  it("check's counterexample of the in-transaction bump happens in the Python views too, run as check printed it", { timeout: 180_000 }, async () => {
    const line = checkHint('commit-race', '--app', IN_TX);
    expect(line).toMatch(/^Does it happen on the real stack\? With your views in Python \(invalidate_in_transaction\.py\), in cachelab's folder: npm run stack -- --trace \S+counterexample\.json --app \S+invalidate-in-transaction\.ts --views \S+invalidate_in_transaction\.py$/);
    const argv = line.split('npm run stack -- ')[1].split(' ');
    const r = await stack(...argv);
    expect(r.out).toContain('(recorded schedule)');
    expect(r.out).toMatch(BOTH_SIDES_STALE);
    expect(r.out).toMatch(/agree: (\d+) of \1 fields/);
    expect(r.code).toBe(0);
    // The known-bad pairing: the same schedule with the on_commit fix's Python views, which are not
    // the model's app. Real Django does not serve the stale list, and the comparison says so.
    const trace = argv[argv.indexOf('--trace') + 1];
    const mismatched = await stack('--trace', trace, '--app', IN_TX, '--views', ON_COMMIT_PY);
    expect(mismatched.out).toMatch(/DIFFER: \d+ of \d+ fields/);
    expect(mismatched.out).toMatch(/deleted but shown: model A's calendar shows "Site visit", A2's calendar shows "Site visit"; real stack nothing deleted/);
    expect(mismatched.code).toBe(1);
  });

  it('the recommendation as views in both languages (robust-app.ts, robust_app.py): a create, and an edit racing a delete on a row lock', { timeout: 180_000 }, async () => {
    for (const scenario of ['create-appears', 'concurrent-edit-delete']) {
      const r = await stack(scenario, '--app', join(REPO, 'examples/robust-app.ts'), '--views', join(REPO, 'examples/robust_app.py'));
      expect(r.out, scenario).not.toContain("left the model's order");
      expect(r.out, scenario).toMatch(/agree: (\d+) of \1 fields/);
      expect(r.code, scenario).toBe(0);
    }
  });

  it('a view that raises on the real stack is named with its exception and line', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-raise-'));
    const py = join(dir, 'typo_views.py');
    writeFileSync(py, readFileSync(IN_TX_PY, 'utf8').replace('cache.incr(VERSION_KEY)', 'cache.incr_typo(VERSION_KEY)'));
    const r = await stack('seed-broken', '--app', IN_TX, '--views', py);
    expect(r.out).toMatch(/your view work_item_delete raised on worker 1 \(request \d+\): AttributeError: .*'incr_typo' \(typo_views\.py, line \d+\)/);
    expect(r.out).toMatch(/DIFFER/);
    expect(r.code).toBe(1);
  });

  it("get_object_or_404 on an item already deleted answers 404, as the model's view does, and is not named as a view that raised", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-404-'));
    const scenario = JSON.parse(execFileSync('node', [join(REPO, 'bin/cachelab.js'), 'scenarios', '--export', 'edit-reverts'], { encoding: 'utf8' }));
    const item = scenario.steps[1].item;
    // A deletes the item, then sends the edit form of it: the edit view finds no row.
    scenario.steps = [scenario.steps[0], { atMs: 0, user: 'A', do: 'delete', item }, { atMs: 2000, user: 'A', do: 'edit', item, title: 'Renamed' }];
    const file = join(dir, 'delete-then-edit.json');
    writeFileSync(file, JSON.stringify(scenario));
    const py = join(dir, 'robust_404.py');
    const robust = readFileSync(join(REPO, 'examples/robust_app.py'), 'utf8');
    const edit = 'def work_item_update(request, uuid):\n    item = WorkItem.objects.filter(pk=uuid).first()\n    if item is None:\n        return HttpResponse(status=404)\n';
    expect(robust).toContain(edit);
    writeFileSync(py, `from django.shortcuts import get_object_or_404\n${robust.replace(edit, 'def work_item_update(request, uuid):\n    item = get_object_or_404(WorkItem, pk=uuid)\n')}`);
    const r = await stack('--scenario-file', file, '--app', join(REPO, 'examples/robust-app.ts'), '--views', py);
    expect(r.out).not.toContain('raised');
    expect(r.out).toMatch(/agree: (\d+) of \1 fields/);
    expect(r.code).toBe(0);
  });

  it('a Python feed that forgot @never_cache agrees on the fields, and a note says its Cache-Control is not the model\'s', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-never-cache-'));
    const py = join(dir, 'robust_no_never_cache.py');
    const robust = readFileSync(join(REPO, 'examples/robust_app.py'), 'utf8');
    expect(robust).toContain('@never_cache\ndef work_items_calendar_feed');
    writeFileSync(py, robust.replace('@never_cache\ndef work_items_calendar_feed', 'def work_items_calendar_feed'));
    const r = await stack('seed-broken', '--app', join(REPO, 'examples/robust-app.ts'), '--views', py);
    expect(r.out).toContain(
      '  note: the feed answered with Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private in the model and no Cache-Control on the real stack (is @never_cache, or neverCache, missing on one side?)',
    );
    expect(r.out).toMatch(/agree: (\d+) of \1 fields/);
    expect(r.code).toBe(0);
  });

  it('a real stack that cannot finish (a view that never answers) is one line, exit 2, never a stack trace', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-hang-'));
    const py = join(dir, 'slow_views.py');
    writeFileSync(py, readFileSync(IN_TX_PY, 'utf8').replace('    uid = user_id(request)\n', '    import time\n    time.sleep(3600)\n    uid = user_id(request)\n'));
    const r = await stack('seed-broken', '--app', IN_TX, '--views', py);
    expect(r.err).toMatch(/^stack: the real stack could not finish the run: the real stack did not go quiet within 20 s; nothing was compared$/m);
    expect(r.code).toBe(2);
  });

  it('a Python view that is not one call for one (a loop of cache.delete for deleteMany) is named with where it parts, exit 1, without waiting out the order', { timeout: 120_000 }, async () => {
    // Before, each extra delete waited the gate's 10 s stall, and the run ended "could not finish"
    // (nothing compared) or agreed with exit 0: the user never learned which call was the slip.
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-loop-'));
    const ts = join(dir, 'loop.ts');
    writeFileSync(
      ts,
      `import { feed } from ${JSON.stringify(IN_TX)};
export default {
  config: { 'page.onDeleted': 'remove-and-refetch' },
  work_items_calendar_feed: feed,
  *work_item_delete(request, uuid, django) {
    const row = yield* django.db.getWorkItem(uuid);
    if (!row) return django.HttpResponse(404);
    yield* django.db.deleteWorkItem(uuid);
    yield* django.cache.deleteMany(['k1', 'k2', 'k3']);
    return django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title });
  },
};
`,
    );
    writeFileSync(join(dir, 'invalidate_in_transaction.py'), readFileSync(IN_TX_PY, 'utf8'));
    const py = join(dir, 'loop.py');
    writeFileSync(
      py,
      `from django.core.cache import cache
from django.http import HttpResponse

from cachelab_stack import WorkItem, hx_trigger
from invalidate_in_transaction import work_items_calendar_feed  # noqa: F401


def work_item_delete(request, uuid):
    item = WorkItem.objects.filter(pk=uuid).first()
    if item is None:
        return HttpResponse(status=404)
    deleted = {"id": item.uuid, "title": item.title}
    item.delete()
    for key in ("k1", "k2", "k3"):
        cache.delete(key)
    return hx_trigger("workItemDeleted", deleted)
`,
    );
    const r = await stack('commit-race', '--app', ts, '--views', py);
    expect(r.err).not.toMatch(/^stack: /m);
    expect(r.out).toMatch(
      /the real stack left the model's order: the real work_item_delete \(request \d+; worker \d\) made 6 operation\(s\), its TypeScript twin 4: at the 3rd, the real view ran cache\.delete k1 \(cache\) where the model's ran cache\.deleteMany \(cache\) \(a loop of cache\.delete is many operations; deleteMany is one: cache\.delete_many\(keys\)\)\. Model: SELECT, DELETE, cache\.deleteMany, COMMIT\. Real: SELECT, DELETE, cache\.delete k1, cache\.delete k2, cache\.delete k3, COMMIT\./,
    );
    // Nothing else left the order: the extra deletes ran at once, not after a stall each.
    expect(r.out.match(/left the model's order/g)).toHaveLength(1);
    expect(r.out).toMatch(/agree: (\d+) of \1 fields, but not on the model's schedule/);
    expect(r.code).toBe(1);
  });

  it('a write view that never answers stops the run after the step limit, saying which step, never holding it for as long as the view sleeps', { timeout: 150_000 }, async () => {
    // Before, the page's DELETE waited for its answer with no limit: an hour for a view that sleeps one.
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-hang-write-'));
    const py = join(dir, 'slow_delete.py');
    writeFileSync(py, readFileSync(IN_TX_PY, 'utf8').replace('def work_item_delete(request, uuid):\n', 'def work_item_delete(request, uuid):\n    import time\n    time.sleep(3600)\n'));
    const r = await stack('seed-broken', '--app', IN_TX, '--views', py);
    expect(r.err).toMatch(/^stack: the real stack could not finish the run: A delete \S+ did not end within 60 s \(a request that got no answer: a view that never returns\?\); nothing was compared$/m);
    expect(r.code).toBe(2);
  });

  it('a TypeScript view that never gives control back is stopped in the model, before any server starts: one line, exit 2', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-loop-'));
    const loop = join(dir, 'loop-fix.ts');
    writeFileSync(loop, readFileSync(IN_TX, 'utf8').replace(/\*work_item_delete\(([^)]*)\) \{/, '*work_item_delete($1) {\n    while (true) { /* forgot the exit */ }'));
    expect(readFileSync(loop, 'utf8')).toContain('forgot the exit');
    process.env.CACHELAB_VIEW_TIMEOUT_MS = '500';
    const r = await stack('seed-broken', '--app', loop, '--views', IN_TX_PY).finally(() => delete process.env.CACHELAB_VIEW_TIMEOUT_MS);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^stack: your view work_item_delete ran for .* without making a Django call or returning/m);
    expect(r.out).not.toContain('agree');
  });

  it('usage errors, each one line with exit 2', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-views-bad-'));
    expect((await stack('seed-broken', '--views', ON_COMMIT_PY)).err).toMatch(/^stack: --views \S+ runs your views on the real stack; the model needs them too, in TypeScript: --app F\.ts/);
    expect((await stack('seed-broken', '--app', ON_COMMIT)).err).toMatch(/^stack: \S+ defines work_items_calendar_feed, work_item_delete; the real stack runs Python: give the same views in a Python file with --views F\.py/);
    expect((await stack('seed-broken', '--app', ON_COMMIT, '--views', join(dir, 'missing.py'))).err).toMatch(/^stack: --views \S+missing\.py: no such file/);
    expect((await stack('seed-broken', '--app', ON_COMMIT, '--views', ON_COMMIT)).err).toMatch(/^stack: --views \S+: expected a Python file \(\.py\)/);
    const knobs = join(dir, 'knobs.ts');
    writeFileSync(knobs, "export default { config: { 'feed.serverCache': false } };\n");
    expect((await stack('seed-broken', '--app', knobs, '--views', ON_COMMIT_PY)).err).toMatch(/^stack: \S+ defines no view, only knobs: the real stack runs its built-in views under them; leave out --views/);
    // Found by importing the file as a worker would: a syntax error with its line, and views missing on one side.
    const broken = join(dir, 'broken_views.py');
    writeFileSync(broken, 'def work_item_delete(request, uuid:\n    pass\n');
    const syntax = await stack('seed-broken', '--app', ON_COMMIT, '--views', broken);
    expect(syntax.err).toMatch(/^stack: \S+broken_views\.py could not be imported: SyntaxError: .*line 1/m);
    expect(syntax.code).toBe(2);
    const one = join(dir, 'one_views.py');
    writeFileSync(one, 'from django.http import HttpResponse\n\n\ndef work_item_delete(request, uuid):\n    return HttpResponse(status=404)\n');
    expect((await stack('seed-broken', '--app', ON_COMMIT, '--views', one)).err).toMatch(/^stack: the model's views and the real stack's must be the same views: your --app defines work_items_calendar_feed, which \S+one_views\.py does not/m);
    // A view's name misspelt: the function named almost like it is named; a helper cachelab_stack lacks: the ones it has.
    const typo = join(dir, 'typo_views.py');
    writeFileSync(typo, readFileSync(ON_COMMIT_PY, 'utf8').replace('def work_item_delete(', 'def work_item_delet('));
    writeFileSync(join(dir, 'invalidate_in_transaction.py'), readFileSync(IN_TX_PY, 'utf8'));
    expect((await stack('seed-broken', '--app', ON_COMMIT, '--views', typo)).err).toMatch(/your --app defines work_item_delete, which \S+typo_views\.py does not \(\S+typo_views\.py has work_item_delet: is it work_item_delete\?\)$/m);
    const lacking = join(dir, 'lacking_views.py');
    writeFileSync(lacking, `from cachelab_stack import delete_feed_keys\n${readFileSync(ON_COMMIT_PY, 'utf8')}`);
    expect((await stack('seed-broken', '--app', ON_COMMIT, '--views', lacking)).err).toMatch(/could not be imported: ImportError: cannot import name 'delete_feed_keys' from 'cachelab_stack' .*; cachelab_stack has FeedVersion, KNOBS, TODAY, WorkItem, create_form, .*visible_items \(File "\S+lacking_views\.py", line 1/m);
  });
});
