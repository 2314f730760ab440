// Every claim the course makes about a fix carries its command and exit code; each command runs
// in-process here and must give that exit code. Pages are read as committed (the generated lesson
// pages are checked against their source by lessons.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claimMismatch, courseClaims, type CourseClaim } from '../../sim/lessons/courseClaims';
import { createdSurvivesFetch, addEventSentence } from '../../sim/lessons/addEventFate';
import { bumpAfterWords, caseById, caseDeviations, caseTrace, staleFeedRead } from '../../sim/lessons/caseQuestions';
import { LESSONS, runLesson } from '../../sim/lessons/index';
import { reloadMsOf } from '../../sim/lessons/reloadTime';
import type { Trace } from '../../sim/trace';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { checkScenario } from '../../sim/check/checkScenario';
import { cli } from './cliHarness';

const DIR = 'docs/lessons';
const pages = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();
const claims: CourseClaim[] = pages.flatMap((f) => courseClaims(readFileSync(`${DIR}/${f}`, 'utf8'), `${DIR}/${f}`));

const exits = new Map<string, Promise<number>>();
function exitOf(argv: string[]): Promise<number> {
  const key = argv.join(' ');
  if (!exits.has(key)) exits.set(key, cli(argv).then((r) => r.code));
  return exits.get(key)!;
}

describe('course claims', () => {
  it('the course makes claims, and every one names its exit code', () => {
    expect(claims.length).toBeGreaterThanOrEqual(10);
    expect(claims.filter((c) => c.exit === null).map((c) => claimMismatch(c, -1))).toEqual([]);
  });

  it.each(claims.map((c) => [c.where, c.argv.join(' '), c] as const))('%s: %s', async (_where, _cmd, claim) => {
    expect(claimMismatch(claim, await exitOf(claim.argv))).toBeNull();
  }, 120_000);

  it('catches a wrong claim: the Redis counter said to hold on inflight-refetch', async () => {
    const [wrong] = courseClaims(
      'A shared counter fixes it: `npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000` (exit 0).',
      'example.md',
    );
    expect(wrong.exit).toBe(0);
    expect(claimMismatch(wrong, await exitOf(wrong.argv))).toMatch(/said to exit 0 \(no violation\) but exits 1/);
  }, 120_000);

  it('catches a command without an exit code', () => {
    const [bare] = courseClaims('Try `npx cachelab check all --config robust`.', 'example.md');
    expect(claimMismatch(bare, 0)).toMatch(/carries no "\(exit N\)"/);
  });
});

// Sentences of the course that are not commands but are computed from runs: each check below
// compares the page's words with the run's, and is shown to fail on the words the page had before.
describe('course sentences follow the runs', () => {
  it('every "(exit N)" in a page follows a command the claims test runs (none is left unchecked)', () => {
    const orphans: string[] = [];
    for (const f of pages)
      readFileSync(`${DIR}/${f}`, 'utf8').split('\n').forEach((line, i) => {
        // "`(exit 0)`" in backticks names the notation (README.md), it claims nothing.
        const said = [...line.matchAll(/(?<!`)\(exit \d\)/g)].length;
        const checked = courseClaims(line, f).filter((c) => c.exit !== null).length;
        if (said !== checked) orphans.push(`${DIR}/${f}:${i + 1}`);
      });
    expect(orphans).toEqual([]);
    // Lesson 9's exercise before: the 1 s bound's exit code followed an option, not a command.
    const old = 'the same with `--max-stale-ms 1000` (exit 0).';
    expect([...old.matchAll(/\(exit \d\)/g)].length).not.toBe(courseClaims(old, 'old').length);
  });

  it("lesson 11: what the page's own create does at the next fetch is what FullCalendar's store does in the run", () => {
    const sentence = addEventSentence();
    expect(LESSONS[10].takeaway).toContain(sentence);
    // FACTS.md section 1: a plain addEvent has no source and survives refetches; addEvent(event, true) does not.
    expect(createdSurvivesFetch('add-event')).toBe(true);
    expect(createdSurvivesFetch('add-and-refetch')).toBe(false);
    const old = "the page's own change (addEvent, setProp, setDates) lives in FullCalendar's store until the next fetch replaces it";
    expect(old).not.toContain(sentence);
  });

  /** The browser-cache hits of the exercise's first `run` command under each browser profile. */
  function hitsByProfile(text: string): Record<string, number> {
    const m = /`npx cachelab run ([^`]+)`/.exec(text);
    if (!m) throw new Error('no run command');
    const argv = m[1].trim().split(/\s+/);
    const scenario = getScenario(argv[0]);
    const opt = (name: string) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
    const preset = opt('--config')[0] ?? scenario.defaultPreset;
    const overrides = opt('--set').filter((o) => !o.startsWith('browser.profile='));
    const out: Record<string, number> = {};
    for (const p of ['chromium', 'seed-assumption'])
      out[p] = runScenario(scenario, { preset, overrides: [...overrides, `browser.profile=${p}`] }).events.filter((e) => e.type === 'http.cacheHit').length;
    return out;
  }

  it("lesson 5's exercise compares the browser profiles where they differ", () => {
    const now = hitsByProfile(LESSONS[4].exercise);
    expect(now['seed-assumption']).toBeGreaterThan(now.chromium);
    // Before: no --config, so seed-test-3's own seed-fix preset, where neither profile reuses anything.
    const old = hitsByProfile('Run `npx cachelab run seed-test-3 --set browser.profile=seed-assumption` and compare');
    expect(old['seed-assumption']).toBe(old.chromium);
  });

  it('lessons 7 and 9 say how many statements the delete view runs between its DELETE and the bump, as counted in the run', () => {
    const gap = caseById('seed-fix-redis-gap');
    const redis = caseById('redis-counter');
    const q = (n: number, id: string) => LESSONS[n - 1].questions.find((x) => x.id === id)!;
    const said = (text: string) => /moves ((?:\w+) statements? later)/.exec(text)?.[1];
    expect(said(LESSONS[6].takeaway)).toBe(bumpAfterWords(gap));
    expect(said(q(7, 'seed-fix-redis-gap').reveal(caseTrace(gap)))).toBe(bumpAfterWords(gap));
    expect(said(q(9, 'redis-counter').reveal(caseTrace(redis)))).toBe(bumpAfterWords(redis));
    // Lesson 7's takeaway before: "a statement later", where the view runs a get and then a set.
    expect(said('in autocommit the row is gone at the DELETE and the counter moves a statement later')).not.toBe(bumpAfterWords(gap));
  });

  it("lessons 7 and 9 describe the Redis-gap schedule in the deviations the case's run has", () => {
    for (const [n, id] of [[7, 'seed-fix-redis-gap'], [9, 'redis-counter']] as const) {
      const prompt = LESSONS[n - 1].questions.find((x) => x.id === id)!.prompt;
      for (const d of caseDeviations(caseById(id))) expect(prompt).toContain(d);
    }
    // Before: "reaches a worker 20 ms late"; the deviation is the page's refetch starting 20 ms later.
    const old = 'On the schedule where that request reaches a worker 20 ms late and the DELETE statement takes 80 ms';
    expect(caseDeviations(caseById('seed-fix-redis-gap')).every((d) => old.includes(d))).toBe(false);
  });

  it("lessons 7 and 9 give each scenario the number of workers its run has", () => {
    const words = ['no', 'one', 'two', 'three', 'four', 'five'];
    /** The count words a text puts before "workers" ("two workers", "three LocMem workers"). */
    const said = (text: string) => [...text.matchAll(/(\w+) (?:LocMem |Redis |gunicorn )?workers\b/g)].map((m) => m[1]);
    const inRun = (t: Trace) => words[t.config['deploy.workers']];
    const q = (n: number, id: string) => LESSONS[n - 1].questions.find((x) => x.id === id)!;
    const cases: Array<[string, string, Trace]> = [
      ['lesson 7 setup', LESSONS[6].setup, runLesson(LESSONS[6])],
      ['lesson 9 setup', LESSONS[8].setup, runLesson(LESSONS[8])],
      ['lesson 7 seed-fix-redis-gap', q(7, 'seed-fix-redis-gap').prompt, caseTrace(caseById('seed-fix-redis-gap'))],
      ['lesson 7 seed-fix-concurrent', q(7, 'seed-fix-concurrent').prompt, caseTrace(caseById('seed-fix-concurrent'))],
      ['lesson 9 redis-counter', q(9, 'redis-counter').prompt, caseTrace(caseById('redis-counter'))],
      ['lesson 7 round-robin-reload', q(7, 'round-robin-reload').prompt, runScenario(getScenario('two-worker-reload'), { preset: 'seed-fix' })],
    ];
    for (const [where, text, t] of cases) expect(said(text), where).toEqual([inRun(t)]);
    // Before: "Redis again, three workers, autocommit (scenario inflight-refetch)"; the scenario runs two.
    expect(said('Redis again, three workers, autocommit (scenario inflight-refetch)')).not.toEqual([inRun(caseTrace(caseById('seed-fix-redis-gap')))]);
  });

  it("lessons 1 and 3 say in their static prompts what their runs do: the F5 just before 5 s, the loop's 100 keys", () => {
    const q = (n: number, id: string) => LESSONS[n - 1].questions.find((x) => x.id === id)!;
    const reload = runLesson(LESSONS[0]).events.find((e) => e.type === 'user.reload')!;
    expect(q(1, 'after-f5').prompt).toContain(`Just before ${Math.ceil(reload.t / 1000)} s the user presses F5`);
    expect(reload.t % 1000).toBeGreaterThan(0); // "just before": not on the second itself
    const loop = runLesson(LESSONS[2]).events.find((e) => e.type === 'cache.deleteMany')!;
    expect(q(3, 'keys-existing').prompt).toContain(`about to call cache.delete on ${(loop.payload.keys as string[]).length} keys`);
  });

  it("lesson 8 names the shrinker check uses by default", () => {
    const opts = { preset: 'robust', overrides: ['page.onDeleted=remove-else-refetch'], runs: 100, seed: 1 };
    const sc = getScenario('inflight-refetch');
    const choices = (o: Parameters<typeof checkScenario>[1]) => checkScenario(sc, o).counterexample?.run.trace.choices;
    const byDefault = choices(opts);
    const used = JSON.stringify(byDefault) === JSON.stringify(choices({ ...opts, shrinker: 'ddmin' })) ? 'ddmin' : 'fast-check';
    const named = (text: string) => (/fast-check shrinks/.test(text) ? 'fast-check' : /delta debugging/.test(text) ? 'ddmin' : null);
    expect(named(LESSONS[7].questions.find((x) => x.id === 'shrunk-counterexample')!.prompt)).toBe(used);
    // Before: "fails, and fast-check shrinks the schedule", from when fast-check's shrinking was the only one.
    expect(named('`cachelab check inflight-refetch ...` fails, and fast-check shrinks the schedule until only the deviations that matter are left.')).not.toBe(used);
  }, 120_000);

  it("lesson 10's exercise counts the choices the shrunk counterexample of its command keeps", async () => {
    const words = ['no', 'single', 'two', 'three', 'four', 'five'];
    const said = (text: string) => /which (\w+) choices? made the race/.exec(text)?.[1];
    const r = await cli(['check', 'incident-stale-set']);
    const kept = Number(/Schedule: (\d+) choice\(s\) differ/.exec(r.out)?.[1]);
    expect(r.code).toBe(1);
    expect(said(LESSONS[9].exercise)).toBe(words[kept]);
    // Before: "which single choice made the race?"; check keeps a db.get and a db.delete latency.
    expect(said('read the shrunk counterexample: which single choice made the race?')).not.toBe(words[kept]);
  }, 120_000);

  it("lesson 7's round-robin question gives each reload's feed the request number, worker and fate it has in two-worker-reload", () => {
    const t = runScenario(getScenario('two-worker-reload'), { preset: 'seed-fix' });
    const requests = t.events.filter((e) => e.type === 'http.request');
    const item = t.outcome.deletions[0].item;
    /** The first feed request after `seq`: its number among all requests, its worker, and whether the next non-transient render shows the item. */
    const feedAfter = (seq: number) => {
      const feed = requests.find((e) => e.seq > seq && e.payload.kind === 'feed')!;
      const render = t.events.find((e) => e.seq > feed.seq && e.type === 'calendar.render' && !e.payload.transient)!;
      return [requests.indexOf(feed) + 1, feed.payload.worker as number, (render.payload.items as string[]).includes(item) ? 'shown' : 'gone'];
    };
    const inRun = [
      ...feedAfter(t.events.find((e) => e.type === 'user.reload')!.seq),
      ...feedAfter(t.events.find((e) => e.type === 'sim.settle')!.seq),
    ];
    const said = (text: string) => {
      const m = /The F5's feed was request (\d+) and reached worker (\d+), [^:]+: (shown|gone); the next reload's was request (\d+) and reached worker (\d+), [^:]+: (shown|gone)/.exec(text);
      return m ? [Number(m[1]), Number(m[2]), m[3], Number(m[4]), Number(m[5]), m[6]] : null;
    };
    const q = LESSONS[6].questions.find((x) => x.id === 'round-robin-reload')!;
    const lessonTrace = runLesson(LESSONS[6]);
    expect(said(q.reveal(lessonTrace))).toEqual(inRun);
    const fates = ['gone,gone', 'shown,shown', 'gone,shown', 'shown,gone'];
    expect(fates[q.answer(lessonTrace)]).toBe(`${inRun[2]},${inRun[5]}`);
    // Wrong: FACTS.md section 6's real app, where the reload's feed reached the stale process; in this run the F5's reaches the one that ran the delete.
    expect(said("The F5's feed was request 12 and reached worker 1, whose LocMem never saw the bump: shown; the next reload's was request 17 and reached worker 1, whose LocMem never saw the bump: shown")).not.toEqual(inRun);
  });

  it("lesson 8's shrunk counterexample gives the nominal margin between the DELETE's COMMIT and fetch #2's version read, as in the run", () => {
    const t = runScenario(getScenario('inflight-refetch'), { preset: 'robust', overrides: ['page.onDeleted=remove-else-refetch'] });
    const commit = t.events.find((e) => e.type === 'db.commit' && (e.payload.committed as string[]).length > 0)!;
    const fetch2 = t.events.find((e) => e.type === 'calendar.fetch' && e.payload.fetchId === 2)!;
    const read = t.events.find((e) => e.seq > fetch2.seq && e.type === 'db.getVersion')!;
    const inRun = [commit.t, (read.payload.snapshotAtMs as number) - commit.t, read.payload.snapshotAtMs as number];
    const said = (text: string) => /the DELETE commits at (\d+) ms, (\d+) ms before fetch #2's version read begins at (\d+) ms/.exec(text)?.slice(1).map(Number);
    const q = LESSONS[7].questions.find((x) => x.id === 'shrunk-counterexample')!;
    expect(said(q.reveal(runLesson(LESSONS[7])))).toEqual(inRun);
    // Before: "commits well before fetch #2 reads the version"; the run's margin is a few ms.
    expect(said('On the nominal schedule the DELETE commits well before fetch #2 reads the version;')).not.toEqual(inRun);
    expect(said(`the DELETE commits at ${inRun[0]} ms, ${inRun[1] + 50} ms before fetch #2's version read begins at ${inRun[2] + 50} ms`)).not.toEqual(inRun);
  }, 120_000);

  it("lesson 8's exercise says what the counterexample check all --config broken prints keeps", async () => {
    const said = (text: string) => (/keeps no non-nominal choice/.test(text) ? 0 : Number(/which (\d+) choice\(s\) were left non-nominal/.exec(text)?.[1] ?? NaN));
    const r = await cli(['check', 'all', '--config', 'broken']);
    const kept = Number(/Schedule: (\d+) choice\(s\) differ/.exec(r.out)?.[1]);
    expect(said(LESSONS[7].exercise)).toBe(kept);
    // Before: "which choices were left non-nominal, and why are those the essential ones?"; the printed one keeps none.
    expect(said('read the shrunk counterexample: which choices were left non-nominal, and why are those the essential ones?')).not.toBe(kept);
  }, 120_000);

  it('lessons 7 and 9 say whether the reader in the Redis gap caches the old list or is served the entry already cached, as the run does', () => {
    const said = (text: string) => (/caches (?:and serves )?the old list/.test(text) ? 'miss' : /served the old list still cached/.test(text) ? 'hit' : null);
    for (const [n, id] of [[7, 'seed-fix-redis-gap'], [9, 'redis-counter']] as const) {
      const k = caseById(id);
      expect(said(LESSONS[n - 1].questions.find((x) => x.id === id)!.reveal(caseTrace(k))), `lesson ${n} ${id}`).toBe(staleFeedRead(k));
    }
    // Before: "a feed request that reads the counter in that gap caches the old list under the old version and serves it"; its cache.get is a hit.
    expect(said('a feed request that reads the counter in that gap caches the old list under the old version and serves it')).not.toBe(staleFeedRead(caseById('seed-fix-redis-gap')));
  });

  it("lessons 7 and 11 give A's F5 the time it has in the run (the page load's requests go first)", () => {
    const said = (text: string) => {
      const m = /(?:presses F5|reloads) at (\d+) (ms|s)\b/.exec(text);
      return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : null;
    };
    const q = (n: number, id: string) => LESSONS[n - 1].questions.find((x) => x.id === id)!;
    const cases: Array<[string, string, Trace]> = [
      ['lesson 7 setup', LESSONS[6].setup, runLesson(LESSONS[6])],
      ['lesson 7 seed-fix-cross-user-redis', q(7, 'seed-fix-cross-user-redis').prompt, caseTrace(caseById('seed-fix-cross-user-redis'))],
      ['lesson 11 setup', LESSONS[10].setup, runLesson(LESSONS[10])],
      ['lesson 11 edit-after-reload', q(11, 'edit-after-reload').prompt, runLesson(LESSONS[10])],
      ['lesson 11 cross-user-create', q(11, 'cross-user-create').prompt, runScenario(getScenario('cross-user-create'), { preset: 'seed-fix' })],
      ['lesson 7 round-robin-reload', q(7, 'round-robin-reload').prompt, runScenario(getScenario('two-worker-reload'), { preset: 'seed-fix' })],
    ];
    for (const [where, text, t] of cases) expect(said(text), where).toBe(reloadMsOf(t));
    // Before: "A opens October, deletes \"Site visit\" at 0 ms, and reloads at 2 s."; the F5 is at 1940 ms.
    expect(said('deletes "Site visit" at 0 ms, and reloads at 2 s.')).not.toBe(reloadMsOf(runLesson(LESSONS[6])));
  });
});
