// The issue 3 catalog: situations beyond the seed's own timelines, each set up as described and
// left to the model. `check all`, `explore` and `matrix` run these with the seed's scenarios.
import { cachePressure, commitRace, multiWorker } from './catalogDeploy';
import { otherMonth, sundayMonth } from './catalogDates';
import { inflightRefetch } from './catalogTiming';
import { concurrentDeletes, crossUserDelete } from './catalogUsers';
import type { Scenario } from './types';

export const CATALOG: Scenario[] = [crossUserDelete, multiWorker, commitRace, inflightRefetch, sundayMonth, otherMonth, cachePressure, concurrentDeletes];
