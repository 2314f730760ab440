// Figures that the hand-written prose of README.md and docs/*.md quotes from a run or from the conformance
// report. Each is recomputed here (a run in this process, or docs/conformance.md, which
// `cachelab conformance --markdown` writes from the measurements) and the page must say the
// recomputed sentence. A figure typed once drifts: the page load's own requests moved every time
// after the delete, and several of these sentences kept the old milliseconds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LATENCY } from '../../sim/latency';
import { cachelab } from './cliHarness';
import { at, events, n, page, stdout, timing } from './proseFigures/runOutput';

/** docs/conformance.md's summary table: section -> cases, agreed, disagreements. */
function conformance(): Map<string, { cases: number; agreed: number; disagreements: number }> {
  const rows = readFileSync('docs/conformance.md', 'utf8').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| section'));
  return new Map(
    rows.flatMap((l) => {
      const c = l.split('|').map((x) => x.trim());
      const [cases, agreed, disagreements] = c.slice(-4, -1).map(Number);
      return Number.isInteger(cases) ? [[c[1], { cases, agreed, disagreements }] as const] : [];
    }),
  );
}

describe('seed-vs-reality.md and findings.md quote the conformance report', () => {
  const report = conformance();
  const all = (section: string) => {
    const r = report.get(section);
    if (!r) throw new Error(`docs/conformance.md has no section ${section}`);
    expect(r.agreed, section).toBe(r.cases);
    return `${n(r.agreed)} of ${n(r.cases)}`;
  };
  const text = readFileSync('docs/conformance.md', 'utf8');
  const race = /cache but not in the database: real (\d+), model \d+, of (\d+)\./.exec(text)!;

  it('says each "N of N" as measured', () => {
    const doc = page('docs/seed-vs-reality.md');
    expect(doc).toContain(`${all('fullcalendar/ranges')} ranges`);
    expect(doc).toContain(`${all('fullcalendar/generated-sequences')} generated steps`);
    expect(doc).toContain(`${all('browser-chromium')} sequences agree with the model's \`chromium\` profile`);
    expect(doc).toContain(`disagrees on ${n(report.get('browser-seed-assumption')!.disagreements)}`);
    expect(doc).toContain(`${all('django-never-cache')} real \`@never_cache\` responses`);
    expect(doc).toContain(`(${all('django-locmem')} steps agree with the model)`);
    expect(doc).toContain(`${all('django-atomic-race')} steps of real Django agree`);
    expect(doc).toContain(`in ${race[1]} of ${race[2]} interleavings`);
    expect(page('docs/findings.md')).toContain(`reproduces: ${race[1]} of ${race[2]} interleavings`);
    expect(doc).toContain(`redis-server ${/Redis server v=([\d.]+)/.exec(text)![1]}`);
  });
});

describe('recommendation.md reads its staleness table right', () => {
  it('names the rows a 200 ms bound tolerates: those whose every window is shorter', () => {
    const text = readFileSync('docs/recommendation.md', 'utf8');
    const block = text.slice(text.indexOf('<!-- generated:staleness-ablation'), text.indexOf('<!-- /generated:staleness-ablation'));
    const rows = block.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| case'));
    const within = (bound: number) =>
      rows.flatMap((l) => {
        const [, name, , stale] = l.split('|').map((c) => c.trim());
        const ms = [...stale.matchAll(/(\d+) ms/g)].map((m) => Number(m[1]));
        return ms.length && Math.max(...ms) < bound ? [name] : [];
      });
    const tolerated = within(200);
    expect(tolerated).toHaveLength(2);
    expect(tolerated.map((name) => (/on_commit/.test(name) ? 'on_commit' : /Redis/.test(name) ? 'Redis' : name))).toEqual(['Redis', 'on_commit']);
    expect(page('docs/recommendation.md')).toContain('`--max-stale-ms 200` tolerates only the two windows shorter than that (`on_commit`, the Redis counter)');
    expect(within(2000)).toHaveLength(4); // a looser bound would take the 1.2 s windows too: the sentence names the bound it means
    // The same two windows, as findings.md and this page's closing line size them (they once said "about a hundred ms" and "a few ms").
    expect(page('docs/findings.md')).toContain('`transaction.on_commit` and a Redis counter in autocommit leave a window shorter than 200 ms');
    expect(page('docs/recommendation.md')).toContain('"stale for under 200 ms" and "stale for five minutes"');
    expect(page('docs/lessons/cheat-sheet.md')).toContain('a reader still gets the old entry, a window shorter than 200 ms');
  });
});

describe('figures the prose quotes from runs', () => {
  it('seed-vs-reality.md row 8: when cache-pressure under seed-fix culls the counter, and when it reads 0 again', async () => {
    const ev = await events('run', 'cache-pressure', '--config', 'seed-fix');
    const cull = ev.find((e) => e.type === 'cache.set' && e.payload.culled?.includes(':1:calendar_feed_version:1'))!;
    // "the stale v0 entry was culled with it"
    expect(cull.payload.culled).toContain(':1:calendar_feed:v0:1:None:None:2025-09-28:2025-11-09');
    const lines = timing(await stdout('run', 'cache-pressure', '--config', 'seed-fix', '--format', 'timing'));
    const zero = at(lines, /cache\.get calendar_feed_version:1: miss/, cull.t).ms;
    const said = `the counter is culled at ${n(cull.t)} ms and reads 0 again at ${n(zero)} ms`;
    expect(page('docs/seed-vs-reality.md')).toContain(said);
    expect(said).not.toBe('the counter is culled at 804 ms and reads 0 again at 2,005 ms'); // the page before
  });

  it('findings.md, commit-race: what check finds under seed-fix and its shrunk schedule', async () => {
    const out = await stdout('check', 'commit-race', '--config', 'seed-fix');
    const runs = /VIOLATED after (\d+) run/.exec(out)![1];
    const shrunk = /shrunk from \d+ to (\d+) non-nominal/.exec(out)![1];
    const late = /#\d+ A2 open at 0 ms: (\d+) ms later/.exec(out)![1];
    const wire = /net\.request r\d+: (\d+) ms instead of 4 ms/.exec(out)![1];
    const doc = page('docs/findings.md');
    expect(doc).toContain(`\`check\` finds it after ${runs} PCT schedules`);
    expect(doc).toContain(`shrunk to ${shrunk} deviations: A2 opens ${late} ms late`);
    expect(doc).toContain(`a later request is ${wire} ms on the wire`);
  });

  it('findings.md, multi-worker: the read-your-delete window under seed-fix', async () => {
    const out = await stdout('check', 'multi-worker', '--config', 'seed-fix');
    const w = /read-your-delete:.*\n\s+user A, "Site visit": stale from (\d+) ms, until (\d+) ms/.exec(out)!;
    const said = `read-your-delete from ${n(Number(w[1]))} ms until ${n(Number(w[2]))} ms, when the settle reload's feed request has reached another worker`;
    expect(page('docs/findings.md')).toContain(said);
    expect(said).not.toContain('3,165'); // the page before: the settle reload's start, not the window's end
  });

  it("findings.md, cache-pressure: the cull that removes A's stale key under broken", async () => {
    const ev = await events('run', 'cache-pressure');
    const aKey = 'calendar_feed:1:None:None:2025-09-28:2025-11-09';
    const firstCull = ev.find((e) => e.type === 'cache.set' && (e.payload.culled?.length ?? 0) > 0)!;
    expect(firstCull.payload.culled).toHaveLength(2); // "culls the two least recently used keys"
    expect(firstCull.payload.culled).toContain(`:1:${aKey}`);
    const stored = ev.find((e) => e.type === 'cache.set' && e.payload.key === aKey)!;
    const doc = page('docs/findings.md');
    expect(doc).toContain(`user's \`cache.set\` (${n(firstCull.t)} ms) culls`);
    expect(doc).toContain(`A's stale key (set at ${n(stored.t)} ms, never read since)`);
    expect(n(firstCull.t)).not.toBe('994'); // the page before
  });

  it("findings.md, concurrent-deletes: check's shrunk counterexample under seed-fix", async () => {
    const out = await stdout('check', 'concurrent-deletes', '--config', 'seed-fix');
    const runs = /VIOLATED after (\d+) run/.exec(out)![1];
    const shrunk = /shrunk from \d+ to (\d+) non-nominal/.exec(out)![1];
    const user = /\n\s+user (\w+), "([^"]+)": stale from/.exec(out)!;
    const get = /db\.get worker:\d: (\d+) ms instead of 80 ms/.exec(out)![1];
    const del = /db\.delete worker:\d: (\d+) ms instead of 50 ms/.exec(out)![1];
    const said =
      `fails after ${runs} schedules with ${user[1]}'s calendar stale (B's "${user[2]}"), shrunk to ${shrunk} deviations ` +
      `(B's \`get_object_or_404\` at its slowest, ${get} ms, and C's \`DELETE\` statement at its fastest, ${del} ms)`;
    expect(page('docs/findings.md')).toContain(said);
  });

  it("findings.md, concurrent-deletes: explore's one-deviation schedule, replayed", async () => {
    const lines = timing(await stdout('replay', 'concurrent-deletes', '--config', 'seed-fix', '--choices', 'db.get worker:1=1'));
    const commits = lines.filter(([ms, , t]) => ms > 0 && /^DELETE work item .* committed$/.test(t)).map(([ms]) => ms);
    const select = at(lines, /^SELECT work items of user 1 .* as committed at (\d+) ms/, 0).m[1];
    const cached = at(lines, /^cache\.set calendar_feed:v1:1:/, 0).ms;
    const doc = page('docs/findings.md');
    expect(doc).toContain(`A's delete commits at ${commits[0]} ms`);
    expect(doc).toContain(`its \`SELECT\` begins at ${select} ms, before B's delete (${commits[1]} ms) and C's (${commits[2]} ms) commit`);
    expect(doc).toContain(`under v1 at ${cached} ms`);
  });

  it('findings.md, inflight-refetch: the documented schedule under broken and the Redis-gap window under seed-fix', async () => {
    const lines = timing(await stdout('run', 'inflight-refetch', '--format', 'timing'));
    const refetch = at(lines, /page calls calendar\.refetchEvents\(\)/).ms;
    const removed = at(lines, /render \(event\.remove\(\)/, 0).ms;
    const back = at(lines, /render \(fetch #2 arrived\): 4 event/, 0).ms;
    const out = await stdout('replay', 'inflight-refetch', '--config', 'seed-fix', '--choices', '20,0,0,0,0,0,0,0,0,0,0,0,0,70');
    const w = /stale from (\d+) ms, until (\d+) ms/.exec(out)!;
    const doc = page('docs/findings.md');
    expect(doc).toContain(`\`refetchEvents()\` at ${refetch} ms`);
    expect(doc).toContain(`the listener removes the event at ${removed} ms and the in-flight answer (a stale server-cache hit) puts it back at ${back} ms`);
    expect(doc).toContain(`(stale from ${w[1]} ms to ${w[2]} ms)`);
  });

  it("seed-vs-reality.md: how many of the month-boundary loop's keys exist when seed-broken deletes", async () => {
    const lines = timing(await stdout('run', 'seed-broken', '--format', 'timing'));
    const loop = at(lines, /month-boundary loop: .*: (\d+) cache\.delete calls, (\d+) key\(s\) existed/).m;
    expect(page('docs/seed-vs-reality.md')).toContain(`(true: ${loop[2]} of ${loop[1]} keys exist`);
  });

  it("docs/visualizer.md's two-worker-reload caption: which worker answers A's F5 reload and the settle reload", async () => {
    const lines = timing(await stdout('run', 'two-worker-reload', '--format', 'timing'));
    const f5 = at(lines, /A reloads the page \(F5\)/).ms;
    const settle = at(lines, /the system is quiet: every user reloads the page/).ms;
    expect(at(lines, /^worker (\d) handles GET .*work-items\/feed/, f5).m[1]).toBe('2');
    expect(at(lines, /^worker (\d) handles GET .*work-items\/feed/, settle).m[1]).toBe('1');
    expect(at(lines, /^cache\.get calendar_feed:(v\d):.*: (hit|miss)/, settle).m.slice(1)).toEqual(['v0', 'hit']);
    expect(page('docs/visualizer.md')).toContain(
      "at the settle reload (every user reloads once the system is quiet): worker 1 answers the feed from its LocMem copy stored before the delete, while worker 2's cache holds the new version (A's own F5 reload had landed on worker 2)",
    );
  });

  it("docs/visualizer.md's example link: at=48 of seed-broken under broken, and its step count", async () => {
    const steps = (await events('run', 'seed-broken', '--config', 'broken')).length;
    expect(page('docs/visualizer.md')).toContain(`\`?scenario=seed-broken&preset=broken&at=48\` opens "step 48 of ${steps}"`);
  });

  it('incidents.md: how many cache.delete calls come before the stale set', async () => {
    const lines = timing(await stdout('run', 'incident-stale-set', '--format', 'timing'));
    const calls = at(lines, /(\d+) cache\.delete calls/).m[1];
    expect(page('docs/incidents.md')).toContain(`right after the ${calls} \`cache.delete\` calls`);
  });

  it("timeline.md: where seed-fixed's refetch lands at nominal latencies", async () => {
    const lines = timing(await stdout('run', 'seed-fixed', '--format', 'timing'));
    const sent = at(lines, /^DELETE .* leaves A's browser/).ms;
    const answered = at(lines, /receives 200 for DELETE/).ms;
    const arrives = at(lines, /handles GET .*work-items\/feed/, 0).ms;
    const received = at(lines, /receives 200 for GET .*work-items\/feed/, 0).ms;
    const rendered = at(lines, /render \(fetch #2 arrived\)/, 0).ms;
    const buster = at(lines, /&_=(\d+)'\)$/, 0);
    const doc = page('docs/timeline.md');
    // The DELETE's window, term by term from the latency table: network, get, delete, the two version calls, the loop, the response, network.
    const terms = (['net.request', 'db.get', 'db.delete', 'cache.getVersion', 'cache.setVersion', 'cache.deleteLoop', 'view.buildResponse', 'net.response'] as const).map((k) => LATENCY[k].nominalMs);
    expect(terms.reduce((a, b) => a + b)).toBe(answered - sent);
    expect(doc).toContain(`${terms.join(' + ')} = ${answered - sent}.`);
    expect(doc).toContain(`The model's feed request arrives at ${arrives}`);
    expect(doc).toContain(`its answer reaches the browser at ${received}`);
    expect(doc).toContain(`so the render is at ${rendered}`);
    expect(doc).toContain(`\`_=${buster.m[1]}\` for the refetch at ${buster.ms} ms`);
    // The seed's fix 2 loop that runs inside that window: its call count, as the run says it.
    const loop = at(lines, /six-week loop: .*: (\d+) cache\.delete calls/).m[1];
    expect(doc).toContain(`the six-week loop of ${loop} \`cache.delete\` calls that the seed's fix 2 code block also runs`);
  });
});

describe("findings.md's prose: the exit codes it gives its commands", () => {
  // [the command as the page writes it, the exit code the page gives it, what else the page says]
  const claims: Array<[string, number, RegExp | null]> = [
    ['npx cachelab check multi-worker --config seed-fix --set deploy.cacheBackend=redis` exits 0', 0, null],
    ['npx cachelab check commit-race --config seed-fix`, exit 1', 1, null],
    ['npx cachelab check commit-race --config seed-fix --strategy random --runs 300`, exit 0', 0, null],
    ['npx cachelab check commit-race --config robust --set feed.versionedKey=false --set delete.bumpVersion=false --set delete.keyLoop=six-week` fails as well', 1, null],
    ['npx cachelab check sunday-month --config broken --set delete.keyLoop=six-week` and', 1, /shrunk from \d+ to 0 non-nominal/],
    ['npx cachelab check other-month --config broken --set delete.keyLoop=six-week` exit 1 with 0 deviations', 1, /shrunk from \d+ to 0 non-nominal/],
    ['npx cachelab explore commit-race --config seed-fix` exits 1 with a 4-deviation witness', 1, /shortest witness: .*, 4 non-nominal choice/],
  ];
  const doc = page('docs/findings.md');

  it.each(claims)('%s', async (said, code, also) => {
    expect(doc).toContain(said);
    const argv = said.slice('npx cachelab '.length, said.indexOf('`')).split(' ');
    const r = await cachelab(...argv);
    expect(r.code).toBe(code);
    if (also) expect(r.out).toMatch(also);
  }, 120_000);

  it('would catch a wrong exit code', async () => {
    expect((await cachelab('check', 'multi-worker', '--config', 'seed-fix')).code).not.toBe(0);
  });
});
