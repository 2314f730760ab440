// The scenario catalog, in the order `cachelab scenarios` lists it. Every scenario is a scenario
// file (docs/scenario-files.md) read through the same schema as a user's own, so there is one way
// to describe a scenario; `cachelab scenarios --export NAME` prints any of them as a file.
import { UsageError } from '../../src/config';
import { didYouMean } from '../input/nearestNames';
import { quoted } from '../input/terminalText';
import { parseScenarioData } from './file/parseScenarioFile';
import type { Scenario } from './types';
import seedBroken from './seed/seed-broken.json';
import seedBrokenIdMismatch from './seed/seed-broken-id-mismatch.json';
import seedFixed from './seed/seed-fixed.json';
import seedTest1 from './seed/seed-test-1.json';
import seedTest2 from './seed/seed-test-2.json';
import seedTest3 from './seed/seed-test-3.json';
import crossUserDelete from './catalog/cross-user-delete.json';
import multiWorker from './catalog/multi-worker.json';
import commitRace from './catalog/commit-race.json';
import inflightRefetch from './catalog/inflight-refetch.json';
import sundayMonth from './catalog/sunday-month.json';
import otherMonth from './catalog/other-month.json';
import cachePressure from './catalog/cache-pressure.json';
import concurrentDeletes from './catalog/concurrent-deletes.json';
import twoWorkerReload from './catalog/two-worker-reload.json';
import createAppears from './writes/create-appears.json';
import editReverts from './writes/edit-reverts.json';
import editAcrossMonthBoundary from './writes/edit-across-month-boundary.json';
import crossUserCreate from './writes/cross-user-create.json';
import concurrentEditDelete from './writes/concurrent-edit-delete.json';
import filterAfterDelete from './writes/filter-after-delete.json';
import incidentHierarkey from './incidents/incident-hierarkey.json';
import incidentCacheops from './incidents/incident-cacheops.json';
import incidentStaleSet from './incidents/incident-stale-set.json';

function load(dir: string, data: { name: string }): Scenario {
  return parseScenarioData(data, `sim/scenarios/${dir}/${data.name}.json`);
}

/** The seed's own timelines and manual tests. */
export const SEED_SCENARIOS: Scenario[] = [seedBroken, seedBrokenIdMismatch, seedFixed, seedTest1, seedTest2, seedTest3].map((d) => load('seed', d));

/** The catalog: situations beyond the seed's own timelines, each set up as described and left to the model. */
export const CATALOG: Scenario[] = [crossUserDelete, multiWorker, commitRace, inflightRefetch, sundayMonth, otherMonth, cachePressure, concurrentDeletes, twoWorkerReload].map((d) => load('catalog', d));

/** Creates, edits and the page's filter: the same caching bug on the other writes (a new item that does not appear, an edit that reverts) and under a filtered feed. */
export const WRITES: Scenario[] = [createAppears, editReverts, editAcrossMonthBoundary, crossUserCreate, concurrentEditDelete, filterAfterDelete].map((d) => load('writes', d));

/** Real incidents (docs/incidents.md): each file says its source, what users saw and the fix that team chose. */
export const INCIDENTS: Scenario[] = [incidentHierarkey, incidentCacheops, incidentStaleSet].map((d) => load('incidents', d));

export const SCENARIOS: Scenario[] = [...SEED_SCENARIOS, ...CATALOG, ...WRITES, ...INCIDENTS];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);

export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new UsageError(`unknown scenario ${quoted(name)}${didYouMean(name, SCENARIO_NAMES)}; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  return s;
}
