// The stack rig's recovery on the real stack: in two-worker-reload (two Django workers, LocMem,
// SQLite, real Chromium), Chromium's process is killed (SIGKILL, by pid) after A's delete has
// committed and before the reload. The run fails saying which process went and how; the case then
// runs again from scratch (fresh database, workers and browser) and its every observation agrees
// with the model's, as stack.test.ts would assert. A worker killed the same way is no browser
// loss: the run fails at once naming the worker, and is not run again.
import { describe, expect, it } from 'vitest';
import { runRealStack } from './stack/realStack';
import { prepareStackCase } from './stack/stackCase';
import { BrowserGoneError, retryIfBrowserGone } from './watchedChromium';

describe('the stack rig relaunches Chromium and runs the case again when it goes away', () => {
  it('two-worker-reload with Chromium killed before the reload: one retry, and the retried run agrees with the model on every field', { timeout: 180_000 }, async () => {
    const prepared = prepareStackCase({ scenario: 'two-worker-reload', overrides: ['deploy.database=sqlite'] });
    if ('skip' in prepared) throw new Error(`two-worker-reload cannot run on the rig: ${prepared.skip}`);
    // SQLite and LocMem, so no PostgreSQL or Redis server is needed (stack.test.ts runs this case on both).
    expect([prepared.options.config['deploy.database'], prepared.options.config['deploy.cacheBackend']]).toEqual(['sqlite', 'locmem']);
    const labels = prepared.model.map((m) => m.step);
    expect(labels).toEqual(['A open 2025-10', 'A delete 5f0c7a3e-2b1d-4e8a-9c6f-000000000002', 'A reload', 'settle: every user reloads']);
    const killed: number[] = [];
    const logged: string[] = [];
    const { value: run, retried } = await retryIfBrowserGone(
      prepared.name,
      (attempt) =>
        runRealStack({
          ...prepared.options,
          postgres: null,
          redis: null,
          beforeStep: (k, { chromium }) => {
            if (attempt === 1 && k === 2) {
              killed.push(chromium.pid);
              process.kill(chromium.pid, 'SIGKILL');
            }
          },
        }),
      (line) => logged.push(line),
    );
    expect(killed).toHaveLength(1);
    expect(retried).toContain(`Chromium went away (process ${killed[0]} was killed by SIGKILL`);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`Chromium (pid ${killed[0]}) went away`);
    // The retried run is compared in full: every field of every step, the delete's effect included.
    expect(run.observations.map((o) => o.step)).toEqual(labels);
    for (const [k, m] of prepared.model.entries()) expect(run.observations[k], m.step).toEqual(m);
    expect(run.divergences).toEqual([]);
  });

  it('two-worker-reload with Django worker 1 killed before the delete: the run fails naming the worker, and is not retried', { timeout: 180_000 }, async () => {
    const prepared = prepareStackCase({ scenario: 'two-worker-reload', overrides: ['deploy.database=sqlite'] });
    if ('skip' in prepared) throw new Error(`two-worker-reload cannot run on the rig: ${prepared.skip}`);
    const killed: number[] = [];
    let attempts = 0;
    const logged: string[] = [];
    const run = retryIfBrowserGone(
      prepared.name,
      () => {
        attempts++;
        return runRealStack({
          ...prepared.options,
          postgres: null,
          redis: null,
          beforeStep: (k, { workerPids }) => {
            if (k === 1) {
              killed.push(workerPids[0]);
              process.kill(workerPids[0], 'SIGKILL');
            }
          },
        });
      },
      (line) => logged.push(line),
    );
    await expect(run).rejects.toThrow(/the real stack lost a worker during A delete [\s\S]*Django worker 1 \(pid \d+\) was killed by SIGKILL during the run/);
    await expect(run).rejects.not.toBeInstanceOf(BrowserGoneError);
    expect(killed).toHaveLength(1);
    expect(attempts).toBe(1);
    expect(logged).toEqual([]);
  });
});
