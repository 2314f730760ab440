// A scenario is a typed script: who uses the app, which work items exist, and what each user does
// when. What the model then shows is the finding; scenarios never steer the model.
import type { Config } from '../../src/config';
import type { WorkItem } from '../../src/layers/database';
import type { UserApp } from '../../src/app/userApp/types';

export interface ScenarioUser {
  /** Short name used in actor ids and output: "A", "B". */
  name: string;
  /** Django's request.user.id. */
  userId: string;
}

export type ScenarioAction =
  | { do: 'open'; month: string }
  | { do: 'navigate'; month: string }
  | { do: 'reload' }
  | { do: 'refetch' }
  | { do: 'delete'; item: string }
  /** The user submits the create form: a new item (its uuid chosen by the scenario, see docs/scenario-files.md). */
  | { do: 'create'; item: WorkItem }
  /** The user submits the edit form of an item: a new title and/or dates (the last day inclusive). */
  | { do: 'edit'; item: string; title?: string; startDate?: string; endDate?: string }
  /** The user chooses the page's filter (work type and status; null: all), and the page refetches. */
  | { do: 'filter'; workType: string | null; status: string | null };

export type ScenarioStep = ScenarioAction & {
  atMs: number;
  user: string;
  /** Up to this many ms later under a seeded schedule (0 in the nominal one). */
  jitterMs?: number;
};

export interface Scenario {
  name: string;
  /** One line for `cachelab scenarios`. */
  description: string;
  /** What the scenario reproduces, and from where (the seed, the catalog). */
  details: string;
  /** The server's date.today(), YYYY-MM-DD; virtual 0 is 09:00 UTC that day. */
  today: string;
  /** The preset `run` uses when --config is not given. */
  defaultPreset: string;
  /** Deployment (and, rarely, code) settings the scenario needs; presets and --set override them. */
  configDefaults: Partial<Config>;
  users: ScenarioUser[];
  items: WorkItem[];
  steps: ScenarioStep[];
  /** Views written by the user (`--app`, docs/your-own-fix.md) in place of the built-in ones. */
  app?: UserApp;
  /** The --app file they came from, as given: the trace records it (a page cannot run it). */
  appFile?: string;
}
