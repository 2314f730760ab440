// The real stack for one scenario: W Django worker processes (stack_app.py, Debian python3-django)
// on SQLite or PostgreSQL, a strict round-robin proxy in front, and real Chromium (playwright-core)
// with FullCalendar 6.1.22 from node_modules, one browser context (own HTTP cache, own `uid`
// cookie) per user. Steps run one at a time; after each, the rig waits until no request is in
// flight anywhere and then reads what every user's calendar shows, where each request went, what
// Django's cache answered on which worker, what the browser cache answered, and the database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { UsageError, type Config } from '../../../src/config';
import type { Scenario, ScenarioStep } from '../../../sim/scenarios/types';
import { DJANGO_PYTHON, djangoVersion } from '../django/runDjango';
import { CHROMIUM_PATH } from '../launchChromium';
import type { PostgresServer } from '../postgres/postgresServer';
import { launchWatchedChromium, type WatchedChromium } from '../watchedChromium';
import type { RedisServer } from '../redis/redisServer';
import type { ModelSchedule } from './modelSchedule';
import { startRoundRobinProxy } from './roundRobinProxy';
import { startScheduleGate, type ScheduleGate } from './scheduleGate';
import type { StepObservation } from './observation';
import { requestKind } from './observation';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The page's script files, in the order the page loads them (the model's page.scriptFiles). */
export function scriptFiles(): Record<string, string> {
  return {
    'fullcalendar-core.js': join(dirname(require.resolve('@fullcalendar/core/package.json')), 'index.global.js'),
    'fullcalendar-daygrid.js': join(dirname(require.resolve('@fullcalendar/daygrid/package.json')), 'index.global.js'),
    'calendar.js': join(HERE, 'calendar.js'),
  };
}

export function stepLabel(step: ScenarioStep): string {
  const what =
    step.do === 'open' || step.do === 'navigate'
      ? ` ${step.month}`
      : step.do === 'delete' || step.do === 'edit'
        ? ` ${step.item}`
        : step.do === 'create'
          ? ` ${step.item.uuid}`
          : step.do === 'filter'
            ? ` ${step.workType ?? 'all'}/${step.status ?? 'all'}`
            : '';
  return `${step.user} ${step.do}${what}`;
}

/** The create or edit form as HTMX posts it (the fields src/app/workItemWriteForm.ts reads). */
function writeForm(step: Extract<ScenarioStep, { do: 'create' | 'edit' }>): Record<string, string> {
  if (step.do === 'create') {
    const it = step.item;
    return { uuid: it.uuid, title: it.title, start_date: it.startDate, end_date: it.endDate, work_type: it.workType, status: it.status, visible_to: it.visibleTo.join(',') };
  }
  const form: Record<string, string> = {};
  if (step.title !== undefined) form.title = step.title;
  if (step.startDate !== undefined) form.start_date = step.startDate;
  if (step.endDate !== undefined) form.end_date = step.endDate;
  return form;
}

interface WorkerLogEntry {
  n: number;
  worker: number;
  kind: string;
  hit?: boolean;
  key?: string | null;
  /** kind "error": which of your views raised, and what. */
  view?: string;
  error?: string;
}

function getJson(port: number, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

/** Waits for the worker's "ready <port>" line; returns the port it bound and its output so far, kept reading. */
async function waitForReady(child: ChildProcess, what: string): Promise<{ port: number; output: () => string }> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 20 s:\n${output}`)), 20_000);
    child.stdout?.on('data', (d) => {
      output += d;
      const ready = /^ready (\d+)$/m.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ port: Number(ready[1]), output: () => output });
      }
    });
    child.stderr?.on('data', (d) => (output += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${output}`));
    });
  });
}

/** Stops a worker by its pid and waits for it to be gone (SIGKILL after 5 s), so no connection of it outlives the run. */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 5_000)));
  if (await Promise.race([exited.then(() => false), late])) {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

export interface RealStackOptions {
  scenario: Scenario;
  /** Steps in the order the model runs them (scenario order by time), plus the settle reloads. */
  steps: ScenarioStep[];
  /** Which steps run together before one observation (indices into steps, the settle last): one each, or overlapping ones merged. */
  groups: number[][];
  settleUsers: string[];
  config: Config;
  postgres: PostgresServer | null;
  redis: RedisServer | null;
  /** The model's schedule: its quiet stretches, and in gated mode the order the real stack is made to follow. */
  schedule: ModelSchedule;
  gated: boolean;
  /** Gated mode: send each request to the worker the model's run sent it to (schedule.routes), not round-robin. */
  scriptedRoutes?: boolean;
  /**
   * Your own views in Python (npm run stack -- --views F.py), in place of the built-in ones, and
   * the names of the views their TypeScript twin (--app) defines: the two must define the same.
   */
  userViews?: { file: string; name: string; expect: string[] };
  /** Called before each step (or group of overlapping steps) runs, `k` counting from 0: the recovery tests kill Chromium or a worker here. */
  beforeStep?: (k: number, stack: { chromium: WatchedChromium; workerPids: number[] }) => void | Promise<void>;
}

/**
 * Imports the user's Python views as a worker would, and compares the views they define with their
 * TypeScript twin's: a UsageError (one sentence) when the file does not import or the two differ.
 */
function checkUserViews(app: string, configFile: string, views: { file: string; name: string; expect: string[] }): void {
  const listed = spawnSync(DJANGO_PYTHON, [app, configFile, '0', '0', '--user-views'], { encoding: 'utf8' });
  if (listed.status !== 0) {
    // Python's last traceback line says what is wrong ("SyntaxError: invalid syntax (fix.py, line 12)"); the frame above it, where.
    const lines = listed.stderr.trim().split('\n');
    const where = [...lines].reverse().find((l) => l.includes(views.file))?.trim();
    throw new UsageError(`${views.name} could not be imported: ${lines.at(-1)?.trim() ?? 'no message'}${where ? ` (${where})` : ''}`);
  }
  const { views: defined, near } = JSON.parse(listed.stdout.trim().split('\n').at(-1)!) as { views: string[]; near: Record<string, string> };
  const expect = [...views.expect].sort();
  if (JSON.stringify(defined) !== JSON.stringify(expect)) {
    const only = (a: string[], b: string[]) => a.filter((v) => !b.includes(v));
    const parts = [
      only(expect, defined).length
        ? `your --app defines ${only(expect, defined).join(', ')}, which ${views.name} does not${only(expect, defined)
            .filter((v) => near[v])
            .map((v) => ` (${views.name} has ${near[v]}: is it ${v}?)`)
            .join('')}`
        : '',
      only(defined, expect).length ? `${views.name} defines ${only(defined, expect).join(', ')}, which your --app does not` : '',
    ].filter(Boolean);
    throw new UsageError(`the model's views and the real stack's must be the same views: ${parts.join('; ')}`);
  }
}

export interface RealStackRun {
  observations: StepObservation[];
  /** Gated mode: where the real stack did not follow the model's order (it then went first-come). */
  divergences: string[];
  /** Your views (userViews) that raised on the real stack: which, on which worker, the exception and its line. */
  viewErrors: string[];
  /** The distinct Cache-Control of the real feed's 200 answers (feedHeaders.ts). */
  feedCacheControl: string[];
}

/**
 * The promise, marked as handled: a step still running when the run has already failed (a
 * page.reload past its timeout, the step limit hit, another step's error) rejects later, when the
 * browser closes, with no one awaiting it any more, and Node ends the process on such an
 * unhandled rejection, before the run's cleanup. Whoever awaits it still sees the rejection.
 */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/** Quiet virtual time past which the rig ages the caches instead of waiting (far below the feed's 300 s timeout). */
const AGE_AFTER_MS = 10_000;

/**
 * How long one step's actions may take (a page load, a write's answer). A gated step can wait out
 * a few of the gate's and the proxy's 10 s stalls, so it is generous.
 */
const STEP_LIMIT_MS = 60_000;

export async function runRealStack(options: RealStackOptions): Promise<RealStackRun> {
  djangoVersion();
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const { scenario, config } = options;
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-stack-'));
  const workers: ChildProcess[] = [];
  const workerExits: string[] = [];
  let stopping = false;
  let chromium: WatchedChromium | null = null;
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | null = null;
  let gate: ScheduleGate | null = null;
  const { schedule, gated } = options;
  const scripts = scriptFiles();
  try {
    const engine = config['deploy.database'];
    if (engine === 'postgresql' && !options.postgres) throw new Error('deploy.database=postgresql needs a PostgreSQL server');
    const redis = config['deploy.cacheBackend'] === 'redis' ? options.redis : null;
    if (config['deploy.cacheBackend'] === 'redis' && !redis) throw new Error('deploy.cacheBackend=redis needs a Redis server');
    // Nothing an earlier scenario cached.
    await redis?.client.call('FLUSHALL');
    if (gated) gate = await startScheduleGate(schedule.ops);
    const appConfig = {
      config,
      today: scenario.today,
      items: scenario.items,
      scripts,
      logFile: join(dir, 'workers.log'),
      redisPort: redis?.port ?? null,
      gatePort: gate?.port ?? null,
      database: engine === 'postgresql' ? { engine, postgres: { host: options.postgres!.host, port: options.postgres!.port, user: options.postgres!.user } } : { engine, path: join(dir, 'db.sqlite3') },
      userViews: options.userViews?.file ?? null,
    };
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(appConfig));
    writeFileSync(appConfig.logFile, '');
    const app = join(HERE, 'stack_app.py');
    if (engine === 'postgresql') {
      // A fresh schema per run: drop what an earlier scenario left.
      const drop = spawnSync(DJANGO_PYTHON, ['-c', `import psycopg2; c=psycopg2.connect(host='127.0.0.1', port=${options.postgres!.port}, user='postgres', dbname='postgres'); c.autocommit=True; c.cursor().execute('DROP TABLE IF EXISTS cachelab_workitem, cachelab_feedversion')`], { encoding: 'utf8' });
      if (drop.status !== 0) throw new Error(`could not reset the PostgreSQL schema: ${drop.stderr}`);
    }
    if (options.userViews) checkUserViews(app, configFile, options.userViews);
    const setup = spawnSync(DJANGO_PYTHON, [app, configFile, '0', '0', '--setup'], { encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`stack_app.py --setup failed: ${setup.stderr}`);
    const ports: number[] = [];
    for (let w = 1; w <= config['deploy.workers']; w++) {
      const child = spawn(DJANGO_PYTHON, [app, configFile, String(w), '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      workers.push(child);
      const ready = await waitForReady(child, `Django worker ${w}`);
      ports.push(ready.port);
      child.once('exit', (code, signal) => {
        if (stopping) return;
        const tail = ready.output().trim().split('\n').slice(-10).join('\n  ');
        workerExits.push(`Django worker ${w} (pid ${child.pid}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`} during the run; its last output:\n  ${tail}`);
      });
    }
    const order = gated
      ? {
          requests: schedule.requests,
          responses: schedule.responses,
          routes: options.scriptedRoutes ? schedule.routes : undefined,
          userOf: (req: import('node:http').IncomingMessage) => /(?:^|;\s*)device=([^;]*)/.exec(req.headers.cookie ?? '')?.[1] ?? '?',
        }
      : undefined;
    proxy = await startRoundRobinProxy(ports, { staticElsewhere: config['deploy.staticFiles'] === 'elsewhere', scripts, order });
    const base = `http://127.0.0.1:${proxy.port}`;
    chromium = await launchWatchedChromium();
    const browser = chromium.browser;
    const contexts = new Map<string, BrowserContext>();
    const pages = new Map<string, Page>();
    for (const u of scenario.users) {
      const context = await browser.newContext({ timezoneId: config['calendar.timeZone'] === 'UTC' ? 'UTC' : config['calendar.timeZone'] });
      // `device` tells the proxy whose browser a request comes from (two devices can share a user id).
      await context.addCookies([{ name: 'uid', value: u.userId, url: base }, { name: 'device', value: u.name, url: base }]);
      chromium.watch(context);
      contexts.set(u.name, context);
    }
    const feedCalls = async () => {
      const calls: Record<string, number> = {};
      for (const [user, page] of pages) calls[user] = await page.evaluate(() => (window as unknown as { __cachelab: { feedCalls: number } }).__cachelab.feedCalls);
      return calls;
    };
    const quiet = async () => {
      // No request at the proxy and none in any page's fetches, for 200 ms in a row.
      let calm = 0;
      for (let i = 0; i < 400 && calm < 4; i++) {
        let busy = proxy!.inFlight();
        for (const page of pages.values()) busy += await page.evaluate(() => (window as unknown as { __cachelab?: { inFlight: number } }).__cachelab?.inFlight ?? 1);
        calm = busy ? 0 : calm + 1;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (calm < 4) throw new Error('the real stack did not go quiet within 20 s');
    };
    const workerLog = () =>
      readFileSync(appConfig.logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as WorkerLogEntry);
    const observations: StepObservation[] = [];
    // Pages (re)loaded during the step: their fetch counter started again from 0.
    const loaded = new Set<string>();
    const run = async (label: string, act: () => Promise<void>) => {
      const proxyBefore = proxy!.log.length;
      const workerBefore = workerLog().length;
      const callsBefore = await feedCalls();
      loaded.clear();
      // A write waits in the page for its answer (htmx's request): a view that never answers
      // would hold the run for as long as the view sleeps. Bounded, the run stops saying where.
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${label} did not end within ${STEP_LIMIT_MS / 1000} s (a request that got no answer: a view that never returns?)`)), STEP_LIMIT_MS)));
      try {
        await Promise.race([handled(act()), limit]);
      } finally {
        clearTimeout(timer);
      }
      await quiet();
      // A worker gone mid-run is never part of a scenario: fail saying so, not with a field disagreement.
      if (workerExits.length) throw new Error(`the real stack lost a worker during ${label}`);
      const routed = proxy!.log.slice(proxyBefore);
      const served = workerLog().slice(workerBefore).sort((a, b) => a.n - b.n);
      const callsAfter = await feedCalls();
      let fetchCalls = 0;
      for (const [user, n] of Object.entries(callsAfter)) fetchCalls += n - (loaded.has(user) ? 0 : callsBefore[user] ?? 0);
      const feedAtServer = routed.filter((r) => requestKind(r.url) === 'feed').length;
      const calendars: Record<string, string[]> = {};
      const events: Record<string, string[]> = {};
      for (const [user, page] of pages) {
        calendars[user] = await page.evaluate(() => (window as unknown as { __cachelab: { shown(): string[] } }).__cachelab.shown());
        events[user] = await page.evaluate(() => (window as unknown as { __cachelab: { shownEvents(): string[] } }).__cachelab.shownEvents());
      }
      const state = (await getJson(ports[0], '/__state/')) as { rows: string[] };
      observations.push({
        step: label,
        calendars,
        events,
        routes: routed.filter((r) => r.worker > 0).map((r) => ({ kind: requestKind(r.url), worker: r.worker, status: r.status ?? null })),
        feedCache: served.filter((e) => e.kind === 'feed' && e.key).map((e) => ({ worker: e.worker, hit: Boolean(e.hit) })),
        browserCacheAnswers: fetchCalls - feedAtServer,
        db: state.rows,
      });
    };
    const openPage = async (user: string, m: string) => {
      let page = pages.get(user);
      if (!page) {
        page = await contexts.get(user)!.newPage();
        pages.set(user, page);
      }
      loaded.add(user);
      await page.goto(`${base}/oobc-management/calendar/?month=${m}`);
      await page.waitForFunction(() => (window as unknown as { __cachelab?: unknown }).__cachelab !== undefined);
    };
    const reload = async (user: string) => {
      const page = pages.get(user)!;
      loaded.add(user);
      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __cachelab?: unknown }).__cachelab !== undefined);
    };
    const act = async (step: ScenarioStep) => {
      const page = pages.get(step.user);
      switch (step.do) {
        case 'open':
          await openPage(step.user, step.month);
          return;
        case 'reload':
          await reload(step.user);
          return;
        case 'navigate':
          await page!.evaluate((m) => (window as unknown as { __cachelab: { navigate(m: string): void } }).__cachelab.navigate(m), step.month);
          return;
        case 'refetch':
          await page!.evaluate(() => (window as unknown as { __cachelab: { refetch(): void } }).__cachelab.refetch());
          return;
        case 'delete':
          await page!.evaluate((uuid) => (window as unknown as { __cachelab: { deleteWorkItem(u: string): Promise<number> } }).__cachelab.deleteWorkItem(uuid), step.item);
          return;
        case 'create':
          await page!.evaluate((form) => (window as unknown as { __cachelab: { createWorkItem(f: Record<string, string>): Promise<number> } }).__cachelab.createWorkItem(form), writeForm(step));
          return;
        case 'edit':
          await page!.evaluate(([uuid, form]) => (window as unknown as { __cachelab: { editWorkItem(u: string, f: Record<string, string>): Promise<number> } }).__cachelab.editWorkItem(uuid, form), [step.item, writeForm(step)] as const);
          return;
        case 'filter':
          await page!.evaluate(([workType, status]) => (window as unknown as { __cachelab: { filter(w: string | null, s: string | null): void } }).__cachelab.filter(workType, status), [step.workType, step.status] as const);
          return;
      }
    };
    /** A long quiet stretch of the model's run passes at once: every cache entry ages by it (LocMem's expiry times, Redis TTLs). */
    const age = async (ms: number) => {
      for (const port of ports) await getJson(port, `/__age/?ms=${ms}`);
      if (!redis) return;
      for (const key of (await redis.client.call('KEYS', '*')) as string[]) {
        const ttl = (await redis.client.call('PTTL', key)) as number;
        if (ttl < 0) continue;
        if (ttl <= ms) await redis.client.call('DEL', key);
        else await redis.client.call('PEXPIRE', key, String(ttl - ms));
      }
    };
    /**
     * Gated mode: a step starts once every request and answer the model's run had before it has
     * passed the proxy. The proxy lets a missing one go after its stall (10 s, a divergence), so
     * waiting up to 30 s here never starts a step early on a loaded machine.
     */
    const turnOf = async (k: number) => {
      const want = schedule.before[k];
      for (let i = 0; i < 1500 && (proxy!.passedOn() < want.requests || proxy!.handedOver() < want.responses); i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
    };
    const settleIndex = options.steps.length;
    for (const [g, group] of options.groups.entries()) {
      await options.beforeStep?.(g, { chromium, workerPids: workers.map((w) => w.pid ?? -1) });
      const gap = schedule.gapMs[group[0]];
      if (gap > AGE_AFTER_MS) await age(gap);
      const label = group.map((k) => (k === settleIndex ? 'settle: every user reloads' : stepLabel(options.steps[k]))).join(' + ');
      await run(label, async () => {
        if (group.length === 1 && group[0] === settleIndex) {
          for (const user of options.settleUsers) {
            await reload(user);
            await quiet();
          }
          return;
        }
        if (group.length === 1) return act(options.steps[group[0]]);
        // Steps that overlap in the model's run start in its order, each at its turn, and run together.
        const running: Array<Promise<void>> = [];
        for (const k of group) {
          await turnOf(k);
          running.push(handled(act(options.steps[k])));
        }
        await Promise.all(running);
      });
    }
    const viewErrors = workerLog()
      .filter((e) => e.kind === 'error')
      .map((e) => `${e.view} raised on worker ${e.worker} (request ${e.n}): ${e.error}`);
    const feedCacheControl = [...new Set(proxy!.log.filter((r) => requestKind(r.url) === 'feed' && r.status === 200).map((r) => r.cacheControl ?? 'no Cache-Control'))];
    return { observations, divergences: [...(proxy?.divergences ?? []), ...(gate?.divergences ?? [])], viewErrors, feedCacheControl };
  } catch (error) {
    // A worker that died mid-run is part of why: name it (and its last output).
    if (workerExits.length && error instanceof Error) error.message += `\n${workerExits.join('\n')}`;
    // Where the real stack had left the model's order by then is often why it could not finish.
    const divergences = [...(proxy?.divergences ?? []), ...(gate?.divergences ?? [])];
    if (divergences.length && error instanceof Error) Object.assign(error, { divergences });
    // When Chromium went away, say why (a BrowserGoneError, which stack.test.ts runs again once).
    throw chromium ? await chromium.explain(error) : error;
  } finally {
    await chromium?.close();
    await proxy?.close();
    await gate?.close();
    stopping = true;
    await Promise.all(workers.map(stopWorker));
    rmSync(dir, { recursive: true, force: true });
  }
}
