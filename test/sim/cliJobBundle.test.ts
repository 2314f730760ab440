// The CLI's job thread loads the job module bundled (sim/cli/cliStoppable.ts, jobBundle): the
// bundle must answer as the module does under tsx, and a bundle that cannot be imported must fall
// back to tsx rather than fail the command.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { checkJob, exploreJob, RUNNING, type CheckJobArgs, type ExploreJobArgs } from '../../sim/cli/cliJobs';
import { THREADS_FROM_RUNS } from '../../sim/check/parallel/parallelCheck';
import { bundledModule } from '../../sim/parallel/threadBundle';
import { getScenario } from '../../sim/scenarios/index';

const never = { shouldStop: () => false, progress: () => {} };
const args = (): ExploreJobArgs => ({ scenario: getScenario('seed-broken'), appFile: null, preset: 'broken', overrides: [], maxStates: 1_000_000, shard: null, stopAtFirst: false, workers: 1 });

describe('the bundled job module', () => {
  it('explores as the module under tsx does', async () => {
    const url = bundledModule(new URL('../../sim/cli/cliJobs.ts', import.meta.url));
    expect(url).not.toBeNull();
    const bundled = await import(url!.href);
    const plain = await exploreJob(args(), never);
    expect(plain.witnesses.length).toBeGreaterThan(0);
    expect(JSON.stringify(await bundled.exploreJob(args(), never))).toBe(JSON.stringify(plain));
  });

  it('runs thread pools from inside the bundle (check and explore --workers 2) with the answers of one thread under tsx', async () => {
    const bundled = await import(bundledModule(new URL('../../sim/cli/cliJobs.ts', import.meta.url))!.href);
    const check = (workers: number): CheckJobArgs => ({ scenarios: [getScenario('seed-fixed')], appFile: null, preset: 'seed-fix', overrides: [], runs: THREADS_FROM_RUNS, seed: 2, strategy: 'pct', depth: 3, stopAtFirst: false, workers });
    const plainCheck = await checkJob(check(1), never);
    expect(plainCheck.results[0].evaluations).toBe(THREADS_FROM_RUNS);
    expect(JSON.stringify(await bundled.checkJob(check(2), never))).toBe(JSON.stringify(plainCheck));
    const explore = { ...args(), workers: 2 };
    expect(JSON.stringify(await bundled.exploreJob(explore, never))).toBe(JSON.stringify(await exploreJob(args(), never)));
  });

  it('the job thread falls back to tsx when the bundle cannot be imported', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, RUNNING);
    const worker = new Worker(new URL('../../sim/cli/cliWorker.mjs', import.meta.url), {
      workerData: { job: 'explore', args: args(), flag, module: new URL('file:///nonexistent/cliJobs-gone.mjs').href, plain: true },
    });
    const reply = await new Promise<{ type: string; result?: { distinctStates: number }; message?: string }>((resolve, reject) => {
      worker.on('message', (m) => m.type !== 'progress' && resolve(m));
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(reply.message).toBeUndefined();
    expect(reply.type).toBe('result');
    expect(reply.result!.distinctStates).toBe((await exploreJob(args(), never)).distinctStates);
  });
});
