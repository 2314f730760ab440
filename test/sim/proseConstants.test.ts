// Design constants that the prose and the help texts type as figures (an interval, a share, a
// default, a limit): each quote is built from the constant the code uses, so changing one without
// the other fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG } from '../../src/config';
import { DJANGO_CACHE_DEFAULTS as D } from '../../src/layers/djangoCache';
import { MAX_CALLS_PER_REQUEST } from '../../src/app/userApp/checkedView';
import { DEFAULT_CHECK_RUNS, DEFAULT_PCT_DEPTH } from '../../sim/check/checkScenario';
import { THREADS_FROM_RUNS } from '../../sim/check/parallel/parallelCheck';
import { HEAP_STOP_SHARE } from '../../sim/cli/cliHeapWatch';
import { PLAIN_PROGRESS_EVERY_MS } from '../../sim/cli/cliProgress';
import { PROGRESS_EVERY_MS } from '../../sim/cli/cliProgressThrottle';
import { DEFAULT_VIEW_BUDGET_MS } from '../../sim/cli/cliViewWatchdog';
import { defaultHorizon } from '../../sim/explore/explorePlain';
import { SOLO_RUNS } from '../../sim/explore/parallel/parallelExplore';
import { MIN_GAP_MS } from '../../sim/explore/quietGap';
import { MAX_FILE_BYTES, MAX_JSON_DEPTH } from '../../sim/input/limits';
import { INVARIANTS } from '../../sim/invariants/index';
import { LATENCY } from '../../sim/latency';
import { ALL_FIX_SETS, PROFILES } from '../../sim/matrix/matrix';
import { SCENARIO_LIMITS as L } from '../../sim/scenarios/file/scenarioLimits';
import { getScenario } from '../../sim/scenarios/index';
import { PAGE_LOAD_LEAD_MS } from '../../sim/world/page';
import { FOLD_AT } from '../../viz/model/quietRows';
import { MAX_SHARE } from '../../viz/lessons/questionInView';
import { cachelab } from './cliHarness';
import { n, page, stdout } from './proseFigures/runOutput';

describe('design constants the prose and the help texts type as figures', () => {
  const help = async (cmd: string) => (await cachelab(...(cmd ? [cmd] : []), '--help')).out.replace(/\s+/g, ' ');
  /** Where each constant is quoted: the text around it, with the figure in its place. */
  const quotes = (): Array<[string, () => Promise<string> | string, string]> => [
    ['README.md', () => page('README.md'), `a plain line every ${PLAIN_PROGRESS_EVERY_MS / 1000} s in a pipe`],
    ['check --help', () => help('check'), `a plain line every ${PLAIN_PROGRESS_EVERY_MS / 1000} s otherwise`],
    ['explore --help', () => help('explore'), `a plain line every ${PLAIN_PROGRESS_EVERY_MS / 1000} s otherwise`],
    ['matrix --help', () => help('matrix'), `a plain line every ${PLAIN_PROGRESS_EVERY_MS / 1000} s otherwise`],
    ['README.md', () => page('README.md'), `heap is ${HEAP_STOP_SHARE * 100}% full stops the same way`],
    ['docs/input-contract.md', () => page('docs/input-contract.md'), `JavaScript heap is ${HEAP_STOP_SHARE * 100}% full`],
    ['check --help', () => help('check'), `JavaScript heap is ${HEAP_STOP_SHARE * 100}% full`],
    ['explore --help', () => help('explore'), `filled ${HEAP_STOP_SHARE * 100}% of its thread's JavaScript heap`],
    ['README.md', () => page('README.md'), `passes its progress on at most every ${PROGRESS_EVERY_MS} ms`],
    ['README.md', () => page('README.md'), `(\`page.scriptFiles\`, ${BASE_CONFIG['page.scriptFiles']})`],
    ['README.md', () => page('README.md'), `the click is ${PAGE_LOAD_LEAD_MS} ms before the step's time`],
    ['docs/scenario-files.md', () => page('docs/scenario-files.md'), `the click and the page's own requests come ${PAGE_LOAD_LEAD_MS} ms before`],
    ['docs/sharding.md', () => page('docs/sharding.md'), `a check of under ${THREADS_FROM_RUNS} runs in all`],
    ['docs/sharding.md', () => page('docs/sharding.md'), `an explore of under ${SOLO_RUNS} runs never starts them`],
    ['explore --help', () => help('explore'), `A search of under ${SOLO_RUNS} runs never starts the threads`],
    ['explore --help', () => help('explore'), `the next scenario step is ${MIN_GAP_MS} ms or more away`],
    ['docs/quiet-gap.md', () => page('docs/quiet-gap.md'), `and the next step at least ${MIN_GAP_MS} ms away, the explorer follows`],
    ['docs/quiet-gap.md', () => page('docs/quiet-gap.md'), `when the next step is at least ${MIN_GAP_MS} ms away (nearer steps`],
    ['docs/state-space.md', () => page('docs/state-space.md'), `the next scenario step is at least ${MIN_GAP_MS} ms away and the`],
    ['docs/your-own-fix.md', () => page('docs/your-own-fix.md'), `# every scenario, up to ${DEFAULT_CHECK_RUNS} PCT schedules each`],
    ['docs/findings.md', () => page('docs/findings.md'), `(by default PCT, depth ${DEFAULT_PCT_DEPTH}, at most ${DEFAULT_CHECK_RUNS} per scenario`],
    ['docs/recommendation.md', () => page('docs/recommendation.md'), `every scenario, ${DEFAULT_CHECK_RUNS} PCT schedules each`],
    ['docs/findings.md', () => page('docs/findings.md'), `TTL (${BASE_CONFIG['feed.cacheTtlS']} s for the feed`],
    ['docs/facts.md', () => page('docs/facts.md'), `Defaults: ${D.maxEntries} keys, ${D.cullFrequency}, ${D.defaultTimeoutS} s.`],
    ['docs/your-own-fix.md', () => page('docs/your-own-fix.md'), `\`timeoutS\` null: never expires; left out: ${D.defaultTimeoutS} s`],
    ['docs/your-own-fix.md', () => page('docs/your-own-fix.md'), `more than ${MAX_CALLS_PER_REQUEST} calls in one request (a loop that never ends)`],
    ['docs/your-own-fix.md', () => page('docs/your-own-fix.md'), `a view that runs for ${DEFAULT_VIEW_BUDGET_MS / 1000} s without making a Django call or returning`],
    ['README.md', () => page('README.md'), `stopped after ${DEFAULT_VIEW_BUDGET_MS / 1000} s without a Django call, or after ${MAX_CALLS_PER_REQUEST} calls in one request`],
    ['check --help', () => help('check'), `A view that runs ${DEFAULT_VIEW_BUDGET_MS / 1000} s without a Django call or a return is stopped`],
    ['docs/recommendation.md', () => page('docs/recommendation.md'), `(\`feed.serverCache=true\`, ${BASE_CONFIG['feed.cacheTtlS']} s)`],
    ['docs/recommendation.md', () => page('docs/recommendation.md'), `"until TTL" is the feed's ${BASE_CONFIG['feed.cacheTtlS']} s \`cache.set\` timeout`],
    ['docs/recommendation.md', () => page('docs/recommendation.md'), `"stale for ${['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][BASE_CONFIG['feed.cacheTtlS'] / 60]} minutes"`],
    ['docs/scenario-files.md', () => page('docs/scenario-files.md'), `A big scenario's trace can pass the ${MAX_FILE_BYTES / 1024 / 1024} MB \`replay\` reads`],
    // django.work's kinds and a { small: true } value's cost, as sim/latency.ts times them (src/app/userApp/django.ts).
    ['docs/your-own-fix.md', () => page('docs/your-own-fix.md'), `serializing events (${LATENCY['view.serialize'].nominalMs} ms), building a response (${LATENCY['view.buildResponse'].nominalMs} ms)`],
    ['docs/your-own-fix.md', () => page('docs/your-own-fix.md'), `it takes the seed's ${LATENCY['cache.getVersion'].nominalMs} ms rather than ${LATENCY['cache.get'].nominalMs} ms`],
  ];

  it("scenario-files.md quotes the scenario file's limits as sim/scenarios/file/scenarioLimits.ts has them", () => {
    const doc = page('docs/scenario-files.md');
    const week = 7 * 24 * 3600 * 1000;
    expect(L.timeMs).toBe(week); // "at most a week either way"
    for (const said of [
      `| 1 to ${L.descriptionChars} characters |`,
      `| up to ${L.detailsChars} characters |`,
      `| 1 to ${L.users} users |`,
      `| up to ${L.items} items |`,
      `| 1 to ${L.steps} steps |`,
      `| \`title\` | yes | what the calendar shows, and how a step may name the item | 1 to ${L.titleChars} characters |`,
      `| an integer 0..${L.jitterMs} |`,
      'an integer, at most a week either way |',
      `the size (${n(L.fileBytes)} characters, brackets nested at most ${MAX_JSON_DEPTH} deep)`,
    ])
      expect(doc).toContain(said);
  });

  it.each(quotes().map(([where, , said]) => [where, said]))('%s says "%s"', async (where, said) => {
    const [, text] = quotes().find(([w, , s]) => w === where && s === said)!;
    expect(await text()).toContain(said);
  });

  it('findings.md counts the invariants sim/invariants/ has', () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
    expect(page('docs/findings.md')).toContain(`The ${words[INVARIANTS.length]} invariants (\`sim/invariants/\`)`);
  });

  it("the counts the cheat sheet and recommendation.md type: the matrix's fix combinations, the deployment table's rows", () => {
    expect(page('docs/lessons/cheat-sheet.md')).toContain(`# the seed's four fixes, ${ALL_FIX_SETS.length} combinations`);
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
    const rows: Array<{ deployment: unknown }> = JSON.parse(readFileSync('docs/deployments.json', 'utf8'));
    const deployments = new Set(rows.map((r) => JSON.stringify(r.deployment))).size;
    expect(page('docs/recommendation.md')).toContain(`What fails on each of ${words[deployments]} deployments`);
  });

  it("docs/visualizer.md's folded flow boxes: FOLD_AT of a kind, and cache-pressure's user count", () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
    expect(page('docs/visualizer.md')).toContain(`fold into one line when ${words[FOLD_AT]} or more of a kind sit together, so that on cache-pressure's ${words[getScenario('cache-pressure').users.length]} users`);
  });

  it("docs/visualizer.md's tour sheet on a phone: MAX_SHARE of the window at most", () => {
    expect(page('docs/visualizer.md')).toContain(`grows while a question waits to hold it and its choices (at most ${Math.round(MAX_SHARE * 100)}% of the window:`);
  });

  it("findings.md's explore horizon is defaultHorizon's margin past the last step", () => {
    const s = getScenario('seed-broken');
    const margin = defaultHorizon(s) - Math.max(...s.steps.map((st) => st.atMs + (st.jitterMs ?? 0)));
    expect(page('docs/findings.md')).toContain(`the last step + ${margin / 1000} s as never reached`);
  });

  it("the help texts' counts and example output are what the code gives", async () => {
    expect(await help('')).toContain(`the seed's ${ALL_FIX_SETS.length} fix combinations x ${PROFILES.length} browser profiles`);
    expect(await help('matrix')).toContain(`For each of the ${ALL_FIX_SETS.length} combinations of the seed's four fixes`);
    const example = /cachelab range (\S+) +-> +(.*)$/m.exec((await cachelab('range', '--help')).out)!;
    expect((await stdout('range', example[1])).trim()).toBe(example[2].trim());
  });

  it("ci.md and sharding.md quote explore's default --max-states as its --help gives it (built from its constant)", async () => {
    const def = /--max-states N +stop after N distinct states \(default (\d+)\)/.exec(await help('explore'))![1];
    expect(page('docs/ci.md')).toContain(`\`--max-states\` is raised because its default (${def}) ends`);
    expect(page('docs/sharding.md')).toContain(`so that its default (${def}) does not end`);
    // merge's re-run commands leave --max-states out when a shard ran with the default: the same figure.
    const merge = readFileSync('sim/explore/mergeShards.ts', 'utf8');
    expect(merge).toMatch(new RegExp(`maxStates !== ${Number(def).toLocaleString('en').replaceAll(',', '_')}\\b`));
  });

  it("ci.md's progress interval, and the Node version ci.md and sharding.md ask for, as the code and package.json have them", () => {
    expect(page('docs/ci.md')).toContain(`plain line every ${PLAIN_PROGRESS_EVERY_MS / 1000} s`);
    const node = /^>=(\d+\.\d+)$/.exec(JSON.parse(readFileSync('package.json', 'utf8')).engines.node)![1];
    for (const doc of ['docs/ci.md', 'docs/sharding.md']) expect(page(doc), doc).toContain(`Node ${node} or later`);
  });

  it('would catch a constant changed under its quote', () => {
    expect(page('README.md')).not.toContain(`heap is ${HEAP_STOP_SHARE * 100 + 5}% full`);
  });
});
