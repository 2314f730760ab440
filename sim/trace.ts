// The trace is the contract between the simulation and everything that shows or judges it
// (CLI formats, invariant checkers, the visualizer). It is a versioned, JSON-safe document.
import type { Config } from '../src/config';
import type { ChoiceRecord } from './chooser';
import type { JsonObject } from '../src/json';

export const TRACE_FORMAT = 'calendar-cache-lab/trace';
export const TRACE_VERSION = 1;

export type ActorKind = 'user' | 'calendar' | 'browser' | 'network' | 'worker' | 'cache' | 'db';

export interface TraceActor {
  id: string;
  kind: ActorKind;
  label: string;
  /** For per-user actors (user, calendar, browser): the scenario's user name. */
  user?: string;
}

export interface TraceEvent {
  /** Position in execution order, from 0. */
  seq: number;
  /** Virtual time, integer ms since the run started. */
  t: number;
  /** Where it happened. */
  actor: string;
  /** Namespaced type: http.request, cache.get, db.commit, calendar.render, ... */
  type: string;
  /** seq of the event that led to this one (null for scenario steps). */
  causeId: number | null;
  /** For messages between actors: the sender (the arrow goes from -> actor). */
  from?: string;
  /** One line in plain words ('' in a lean run: see Simulation.lean). */
  label: string;
  payload: JsonObject;
  /** What each layer touched by this event holds afterwards, keyed by actor id. */
  after?: { [actorId: string]: JsonObject };
}

export interface Resurrection {
  t: number;
  seq: number;
  /** The chain of causes, newest first: "calendar.render <- http.response <- cache.get (hit) <- ..." */
  cause: string;
  causeSeqs: number[];
}

export interface UserOutcome {
  user: string;
  /** First render after the commit that no longer shows the item (null: never vanished). */
  vanishedAt: number | null;
  resurrections: Resurrection[];
  shownAtEnd: boolean;
}

export interface DeletionOutcome {
  item: string;
  title: string;
  deletedBy: string;
  committedAt: number | null;
  ackAt: number | null;
  users: UserOutcome[];
}

export interface Outcome {
  deletions: DeletionOutcome[];
  /** Renders that showed an item the committed database no longer had. */
  staleRenders: number;
  renders: number;
  /** One sentence per deletion and user, for people. */
  summary: string[];
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  scenario: string;
  description: string;
  preset: string;
  overrides: string[];
  /**
   * The --app file whose views answered the requests, as given on the command line; absent for the
   * built-in views. A replay needs the same file, and the visualizer cannot re-run such a trace.
   */
  app?: string;
  config: Config;
  /** null: the nominal schedule (documented latencies, first-come order, round-robin routing). */
  seed: number | null;
  /** Every nondeterministic choice made, in order: replaying them reproduces the run. */
  choices: number[];
  /**
   * The same choices with what was asked ({kind, label, options, value}): a replay checks every
   * choice point against it. Absent only in traces written before it existed.
   */
  choiceLog?: ChoiceRecord[];
  /** Wall-clock ISO time of virtual 0 ("today" for the app). */
  epoch: string;
  actors: TraceActor[];
  events: TraceEvent[];
  outcome: Outcome;
}
