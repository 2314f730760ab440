// Scenario-level conformance: the same scenario on the model and on the real stack (Django worker
// processes behind a strict round-robin proxy, real Chromium with FullCalendar 6.1.22, SQLite or
// PostgreSQL, LocMem or Redis), compared field by field after every step: what each user's
// calendar shows (ids, titles, dates), which worker each request reached and what it answered,
// what Django's cache answered on which worker, what the browser's HTTP cache answered, and what
// the database holds. A scenario whose steps overlap in the model's run (a race) runs gated: the
// real stack is made to follow the model's nominal schedule (requests, answers and every cache and
// SQL operation in the model's order), and the overlapping steps are observed together. Every
// scenario is compared, creates, edits and filters included; one the real stack could not run
// would be listed with the reason.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../sim/scenarios/index';
import { FIELDS } from '../../tools/realStack';
import { ConformanceRecorder } from './report';
import { runRealStack } from './stack/realStack';
import { stackServers } from './stack/stackServers';
import { prepareStackCase, type StackCase } from './stack/stackCase';
import { retryIfBrowserGone } from './watchedChromium';

/**
 * Every scenario under its own preset; the two-worker reload on each database and static-file
 * setup; a create and an edit under robust (fix 4's listeners: addEvent(..., true) and
 * setProp/setDates, each then refetching; the version in a database row, bumped in the write's
 * own transaction.atomic()).
 */
const CASES: StackCase[] = [
  ...SCENARIOS.map((s) => ({ scenario: s.name })),
  // deploy.database defaults to postgresql, so every case above runs on PostgreSQL: this one is SQLite's.
  { scenario: 'two-worker-reload', overrides: ['deploy.database=sqlite'] },
  { scenario: 'two-worker-reload', overrides: ['deploy.staticFiles=elsewhere'] },
  { scenario: 'two-worker-reload', preset: 'robust' },
  { scenario: 'create-appears', preset: 'robust' },
  { scenario: 'edit-reverts', preset: 'robust' },
  // Under robust each write has its own transaction: B's DELETE waits for A's row lock (PostgreSQL)
  // or the write lock (SQLite) until A's edit commits, then deletes the edited row.
  { scenario: 'concurrent-edit-delete', preset: 'robust' },
  { scenario: 'concurrent-edit-delete', preset: 'robust', overrides: ['deploy.database=sqlite'] },
  // B's delete commits between A's get_object_or_404 and A's UPDATE: save(update_fields=...) updates no row, a 500.
  {
    scenario: 'concurrent-edit-delete',
    variant: { name: "B's delete 20 ms before A's edit", steps: (s) => s.steps.map((st) => (st.do === 'delete' ? { ...st, atMs: -20, jitterMs: undefined } : st)) },
  },
];


describe('scenario-level conformance: model vs the real stack', () => {
  const servers = stackServers();

  it(`every scenario, writes included (overlapping steps gated to the model's schedule), the two-worker reload on SQLite, PostgreSQL, static files elsewhere and robust, a create and an edit under robust, and the edit's 500 (${CASES.length} cases)`, { timeout: 1_200_000 }, async () => {
    const recorder = new ConformanceRecorder({
      name: 'stack-scenarios',
      layer: 'stack',
      real: 'Django 3.2 worker processes (stack_app.py: the seed\'s page, feed and delete views, and create and edit views written like the delete; LocMem, or Redis 7 through Debian python3-django-redis 5.2) behind a strict round-robin proxy, Debian Chromium via playwright-core with FullCalendar 6.1.22 from node_modules, SQLite or PostgreSQL 15',
      mustAgree: true,
      notes: [
        'One case = one field of one step: calendars (event ids each user sees), events (each shown event\'s id, title and all-day dates), routes (kind, worker and answer status of each request that reached Django), feedCache (worker and hit/miss of each feed cache.get), browserCacheAnswers (feed fetches the browser cache answered), db (committed rows: uuid, title, dates).',
        'Steps run one at a time on the real stack, each until no request is in flight; the model runs the nominal schedule (every step jitter at 0); the last step is the settle (every user reloads).',
        'Steps that overlap in the model\'s run (a race) run gated: the proxy passes requests on and hands answers over in the model\'s order, each worker waits for its turn before every cache call, SQL statement and COMMIT (test/conformance/stack/schedule_gate.py), and the turns follow the model\'s order; those steps are observed together once all are done.',
        'A statement the model has wait for another transaction\'s lock (robust\'s concurrent-edit-delete: B\'s DELETE behind A\'s row lock on PostgreSQL, behind the write lock on SQLite) is given its turn where the model\'s wait began and blocks in the real database; the next turns go on without waiting for it, and the statement finishes once the lock is free. A nested atomic()\'s SAVEPOINT and SQLite\'s explicit BEGIN take no turn: the model has neither as an operation.',
        'The create and edit steps post the form as HTMX does (form-encoded, HX-Request) to work_item_create (save(force_insert=True): one INSERT) and work_item_update (get_object_or_404, then save(update_fields=[...]): one UPDATE, a 500 when it updates no row); both invalidate as the delete does; the page\'s workItemCreated and workItemUpdated listeners call FullCalendar\'s addEvent (with true: into the feed\'s source), setProp(\'title\'), setDates(..., { allDay: true }) and refetchEvents() as page.onCreated and page.onUpdated say; a filter step sets the page\'s work type and status and calls refetchEvents().',
        'What the comparison changed in the model: F5 reloads the page\'s URL and FullCalendar\'s navigation does not change it, so after navigating to November the settle reload in real Chromium showed October (edit-across-month-boundary); the model reloaded the month last navigated to. It now reloads the page\'s month (test/sim/reloadMonth.test.ts).',
        'After a view raised (the edit\'s DatabaseError), Django\'s default logging renders the traceback with each frame\'s locals even with no ADMINS, and a QuerySet\'s repr runs a SELECT; it only reads, and the model has no such step, so in gated runs it runs outside the schedule.',
        'A quiet stretch of the model\'s run longer than 10 s (commit-race and the incidents open 10 minutes before the delete) is not waited out: every cache entry ages by it at once (LocMem\'s expiry times, Redis TTLs), as that much time would age it.',
      ],
    });
    const compared: string[] = [];
    const skipped: string[] = [];
    const gated: string[] = [];
    const divergences: string[] = [];
    const retries: string[] = [];
    const perCase: Record<string, { agreed: number; cases: number }> = {};
    for (const c of CASES) {
      const prepared = prepareStackCase(c);
      const name = prepared.name;
      if ('skip' in prepared) {
        skipped.push(`${name}: ${prepared.skip}`);
        continue;
      }
      if (prepared.gatedBecause) gated.push(`${name} (${prepared.gatedBecause})`);
      // Chromium going away mid-run (seen once on a fresh CI clone) is said, and the case runs again
      // once from scratch; its observations are then compared like any other's. Nothing else is retried.
      const { value: run, retried } = await retryIfBrowserGone(name, () => runRealStack({ ...prepared.options, postgres: servers.postgres(), redis: servers.redis() }));
      if (retried) retries.push(retried);
      const real = run.observations;
      divergences.push(...run.divergences.map((d) => `${name}: ${d}`));
      const before = { agreed: recorder.result.agreed, cases: recorder.result.cases };
      prepared.model.forEach((m, k) => {
        for (const field of FIELDS) recorder.record({ case: name, step: k + 1, label: m.step, field }, m[field], real[k]?.[field] ?? null);
      });
      perCase[name] = { agreed: recorder.result.agreed - before.agreed, cases: recorder.result.cases - before.cases };
      compared.push(name);
    }
    recorder.result.notes?.push(
      `Compared ${compared.length} scenario runs: ${compared.map((n) => `${n} (${perCase[n].agreed}/${perCase[n].cases})`).join('; ')}.`,
      ...gated.map((s) => `Run gated, following the model's schedule: ${s}.`),
      ...skipped.map((s) => `Not run on the real stack: ${s}.`),
      ...divergences.map((s) => `Where the real stack left the model's order: ${s}.`),
      ...retries.map((s) => `Run twice: ${s}.`),
    );
    const section = recorder.write();
    // The done-when of issue 14: the two-worker reload agrees with the real stack.
    const twoWorker = perCase['two-worker-reload seed-fix page.loadRequests=true'];
    expect(twoWorker, 'two-worker-reload was not compared').toBeDefined();
    expect(section.disagreements.slice(0, 3)).toEqual([]);
    expect(divergences).toEqual([]);
    // Every catalog scenario runs on the real stack, the writes included.
    expect(skipped).toEqual([]);
    expect(compared.length).toBeGreaterThan(8);
  });
});
