// A user's view that loops without a Django call never gives control back: the command ends with
// one line naming the view and the request (exit 2), wherever the view runs: check's job thread,
// a thread of explore --workers N, the main thread of run. A view that loops on Django calls
// inside an on_commit callback is stopped by the call budget, like one in the view itself. The
// budget is CACHELAB_VIEW_TIMEOUT_MS here (1 s) so that the tests do not wait 10 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUserApp } from '../../sim/app/loadUserApp';
import { withViewBudget } from '../../sim/cli/cliViewWatchdog';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { UsageError } from '../../src/config';

const dir = mkdtempSync(join(tmpdir(), 'cachelab-hang-'));
const robust = resolve('examples/robust-app.ts');

function appFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The robust fix whose delete view loops forever without a call (only in a thread of --workers N with `poolOnly`). */
function hangingApp(name: string, poolOnly = false): string {
  return appFile(
    name,
    `import { workerData } from 'node:worker_threads';
import robust from ${JSON.stringify(robust)};
// A thread of a pool has workerData without "job"; the main thread has none, the job thread has "job".
const here = ${poolOnly} ? workerData !== null && typeof workerData === 'object' && !('job' in workerData) : true;
export default {
  ...robust,
  *work_item_delete(request: any, uuid: string, django: any) {
    const row = yield* django.db.getWorkItem(uuid);
    let n = 0;
    while (here && row) n++;
    return yield* (robust as any).work_item_delete(request, uuid, django);
  },
};
`,
  );
}

function cachelab(...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/cachelab.js', ...argv], { encoding: 'utf8', env: { ...process.env, CACHELAB_VIEW_TIMEOUT_MS: '1000' }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STOPPED = /^your view work_item_delete ran for 1 s without making a Django call or returning \(request r\d+: DELETE \/oobc-management\/work-items\/[^/]+\/delete\/ in (commit-race|multi-worker), at \d+ ms\), so it was stopped: does it loop forever\?/;

describe('a view that never gives control back', () => {
  const hang = hangingApp('hang.ts');

  it('stops check (in its job thread) with one line, exit 2', () => {
    const r = cachelab('check', 'commit-race', '--app', hang, '--runs', '5');
    expect(r.err.replace(/^cachelab check: /, '')).toMatch(STOPPED);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });

  it('stops explore --workers 2 when the loop is in a thread of the pool', () => {
    const r = cachelab('explore', 'multi-worker', '--app', hangingApp('hang-in-pool.ts', true), '--workers', '2');
    expect(r.err.replace(/^cachelab explore: /, '')).toMatch(STOPPED);
    expect(r.code).toBe(2);
  });

  it('stops run, whose views run in the main thread', () => {
    const r = cachelab('run', 'commit-race', '--app', hang);
    expect(r.err.replace(/^cachelab run: /, '')).toMatch(STOPPED);
    expect(r.code).toBe(2);
  });

  it('in this thread: the vm budget names the view, and a run that ends is the same run', async () => {
    const { app } = await loadUserApp(hang);
    const scenario = { ...getScenario('commit-race'), app };
    expect(() => withViewBudget(() => runScenario(scenario, {}), 300)).toThrow(/^your view work_item_delete ran for 0\.3 s without making a Django call or returning \(request r\d+: DELETE /);
    const fix = { ...getScenario('commit-race'), app: (await loadUserApp(robust)).app };
    expect(JSON.stringify(withViewBudget(() => runScenario(fix, { seed: 7 })))).toBe(JSON.stringify(runScenario(fix, { seed: 7 })));
  });

  it('in this thread: the budget is a step\'s, not the run\'s, so a long run of short steps ends', async () => {
    // Tens of thousands of calls (3000 a request, in every feed and the delete): the run takes far
    // longer than the 250 ms given here, each step far less.
    const busy = appFile(
      'busy.ts',
      `import robust from ${JSON.stringify(robust)};
export default {
  ...robust,
  *work_items_calendar_feed(request: any, django: any) {
    for (let i = 0; i < 3000; i++) yield* django.cache.get('k' + i, null, { small: true });
    return yield* (robust as any).work_items_calendar_feed(request, django);
  },
  *work_item_delete(request: any, uuid: string, django: any) {
    for (let i = 0; i < 3000; i++) yield* django.cache.get('k' + i, null, { small: true });
    return yield* (robust as any).work_item_delete(request, uuid, django);
  },
};
`,
    );
    const { app, overrides } = await loadUserApp(busy);
    const scenario = { ...getScenario('commit-race'), app };
    expect(JSON.stringify(withViewBudget(() => runScenario(scenario, { overrides }), 250))).toBe(JSON.stringify(runScenario(scenario, { overrides })));
  });
});

describe('a view that makes Django calls forever', () => {
  it('is stopped in an on_commit callback run after the view returned (ATOMIC_REQUESTS)', async () => {
    const file = appFile(
      'callback-loop.ts',
      `export default {
  *work_item_delete(request: any, uuid: string, django: any) {
    const row = yield* django.db.getWorkItem(uuid);
    if (!row) return django.HttpResponse(404);
    yield* django.db.deleteWorkItem(uuid);
    yield* django.transaction.on_commit(function* () { for (;;) yield* django.cache.delete('k'); });
    return django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title });
  },
};
`,
    );
    const { app } = await loadUserApp(file);
    for (const atomic of [true, false]) {
      const run = () => runScenario({ ...getScenario('commit-race'), app }, { overrides: [`deploy.atomicRequests=${atomic}`] });
      expect(run).toThrow(UsageError);
      expect(run).toThrow(/made more than 10000 Django calls/);
    }
  });
});

describe("an app file whose top level never ends", () => {
  // No view is running: the file is still loading. Without the probe the command hung here (the
  // spawn's 120 s guard then fails the test with no exit code).
  it('stops run and check as the file loads, with one line, exit 2', () => {
    const loop = appFile('top-loop.ts', 'let n = 0;\nwhile (true) n++;\nexport default {};\n');
    for (const argv of [['run', 'seed-broken'], ['check', 'commit-race', '--runs', '5']]) {
      const r = cachelab(...argv, '--app', loop);
      expect(r.code, argv[0]).toBe(2);
      expect(r.err.trim().split('\n'), argv[0]).toEqual([
        `cachelab ${argv[0]}: cannot load app ${loop}: its top level ran for 1 s without finishing, so it was stopped: does it loop forever? Code outside the views runs once, as the file loads; a loop belongs in a view, with a Django call on each pass`,
      ]);
    }
  });

  it("a top level that ends runs once as far as the user sees: the probe's output is dropped", () => {
    const chatty = appFile('chatty.ts', `console.log('loading my fix');\nexport default { config: { 'feed.neverCache': true } };\n`);
    const r = cachelab('run', 'seed-broken', '--app', chatty);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l === 'loading my fix')).toHaveLength(1);
  });
});
