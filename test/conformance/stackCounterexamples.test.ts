// The counterexamples are real: every catalog scenario's counterexample that `check` finds under
// `broken` and under `seed-fix` (PCT, check's default run count, seed 1) is followed on the real
// stack (its latencies, jitter and the kernel's routing: gated to the model's order, each request
// sent to the model's worker) and compared after each step, field by field, as stack.test.ts
// compares the nominal runs. `npm run stack -- --trace F` does the same for one trace file.
import { describe, expect, it } from 'vitest';
import { checkScenario, DEFAULT_CHECK_RUNS } from '../../sim/check/checkScenario';
import { SCENARIOS } from '../../sim/scenarios/index';
import { FIELDS, staleLines } from '../../tools/realStack';
import { ConformanceRecorder } from './report';
import { runRealStack } from './stack/realStack';
import { stackServers } from './stack/stackServers';
import { prepareStackCase } from './stack/stackCase';
import { retryIfBrowserGone } from './watchedChromium';

const PRESETS = ['broken', 'seed-fix'] as const;
const SEED = 1;

describe("check's counterexamples on the real stack", () => {
  const servers = stackServers();

  it(`every catalog counterexample of check under ${PRESETS.join(' and ')} happens on the real stack as in the model`, { timeout: 1_200_000 }, async () => {
    const recorder = new ConformanceRecorder({
      name: 'stack-counterexamples',
      layer: 'stack',
      real: 'the rig of stack-scenarios (Django worker processes behind the proxy, Debian Chromium with FullCalendar 6.1.22, PostgreSQL 15, LocMem or Redis 7), following each counterexample\'s schedule',
      mustAgree: true,
      notes: [
        `Each counterexample is the one \`cachelab check <scenario> --config <preset>\` prints (PCT, ${DEFAULT_CHECK_RUNS} schedules, seed ${SEED}), shrunk; its schedule (latencies, jitter, and which worker took each request when the kernel chose) is followed on the real stack, gated to the model's order, each request sent to the worker the model's run chose; one case = one field of one step, as in stack-scenarios.`,
        'What the comparison changed: the rig logged a feed read that found a cached empty list (a hit that `if cached:` does not serve) as a miss, where the model says hit (concurrent-deletes under seed-fix); and a read that began in the same millisecond as a COMMIT was ordered after it, where the model had begun it before (incident-cacheops under seed-fix: the SELECT read the old rows and the stale set happened only in the model). The rig now logs whether the key was found, and orders a read right after the event it followed.',
      ],
    });
    const compared: string[] = [];
    const skipped: string[] = [];
    const divergences: string[] = [];
    const stale: string[] = [];
    for (const preset of PRESETS)
      for (const scenario of SCENARIOS) {
        const found = checkScenario(scenario, { preset, overrides: [], runs: DEFAULT_CHECK_RUNS, seed: SEED }).counterexample;
        if (!found) continue;
        const trace = found.run.trace;
        const prepared = prepareStackCase({ scenario: scenario.name, preset, overrides: trace.overrides, choiceLog: trace.choiceLog });
        if ('skip' in prepared) {
          skipped.push(`${prepared.name}: ${prepared.skip}`);
          continue;
        }
        const { value: run } = await retryIfBrowserGone(prepared.name, () => runRealStack({ ...prepared.options, postgres: servers.postgres(), redis: servers.redis() }));
        divergences.push(...run.divergences.map((d) => `${prepared.name}: ${d}`));
        prepared.model.forEach((m, k) => {
          for (const field of FIELDS) recorder.record({ case: prepared.name, step: k + 1, label: m.step, field }, m[field], run.observations[k]?.[field] ?? null);
        });
        // The last step is the settle reload: what is still shown there is the counterexample's end.
        const last = staleLines(prepared.model, run.observations).filter((l) => l.includes('(settle: every user reloads), deleted but shown'));
        stale.push(`${scenario.name} under ${preset}: ${last.length ? last[0].replace(/^ +after step \d+ \(settle: every user reloads\), /, 'at the settle reload, ') : 'no deleted item is shown at the settle reload'}`);
        compared.push(prepared.name);
      }
    recorder.result.notes?.push(`Compared ${compared.length} counterexamples: ${compared.join('; ')}.`, ...stale, ...skipped.map((s) => `Not run: ${s}.`), ...divergences.map((s) => `Where the real stack left the model's order: ${s}.`));
    const section = recorder.write();
    expect(section.disagreements.slice(0, 3)).toEqual([]);
    expect(divergences).toEqual([]);
    expect(skipped).toEqual([]);
    // The seed's fix fails somewhere: a sweep that compared no seed-fix counterexample compared nothing that matters.
    expect(compared.some((n) => n.startsWith('commit-race seed-fix'))).toBe(true);
  });
});
