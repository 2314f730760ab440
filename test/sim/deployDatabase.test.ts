// deploy.database: where PostgreSQL and SQLite make the same app behave differently (both measured
// against the real databases in test/conformance/postgres.test.ts). Three deletes within a few ms,
// under robust (version counter in a database row) with ATOMIC_REQUESTS, nominal schedule.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';

function run(database: string) {
  const trace = runScenario(getScenario('concurrent-deletes'), { preset: 'robust', overrides: ['deploy.atomicRequests=true', `deploy.database=${database}`] });
  const versions = trace.events.filter((e) => e.type === 'db.incrementVersion' && typeof e.payload.value === 'number').map((e) => e.payload.value);
  const waits = trace.events.filter((e) => e.actor === 'db' && typeof e.payload.waitFor === 'string').length;
  const deleteStatuses = trace.events.filter((e) => e.type === 'http.respond' && e.payload.method === 'DELETE').map((e) => e.payload.status);
  return { versions, waits, deleteStatuses };
}

describe('deploy.database', () => {
  it('postgresql: each version UPDATE waits for the previous transaction\'s row lock, so no bump is lost', () => {
    const r = run('postgresql');
    expect(r.waits).toBeGreaterThan(0);
    expect(r.versions).toEqual([1, 2, 3]);
    expect(r.deleteStatuses).toEqual([200, 200, 200]);
  });

  it('sqlite: a delete view that has already read fails with "database is locked" while another holds the write lock (HTTP 500)', () => {
    const r = run('sqlite');
    expect(r.deleteStatuses.filter((s) => s === 500).length).toBeGreaterThan(0);
    expect(r.deleteStatuses).toContain(200);
  });

  it('without concurrent writers the two agree (the seed-broken scenario)', () => {
    const strip = (database: string) =>
      JSON.stringify(runScenario(getScenario('seed-broken'), { overrides: [`deploy.database=${database}`] }).events.map((e) => [e.t, e.type, e.label]));
    expect(strip('sqlite')).toEqual(strip('postgresql'));
  });
});
