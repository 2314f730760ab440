// What makes a state space big: explore a scenario to a deviation bound and count its distinct
// states three ways, to see how much of it is time alone (docs/state-space.md):
// - states: distinct fingerprints (sim/fingerprint.ts, after the worker symmetry), as explored;
// - orderClasses: states equal once every pending task's time is replaced by its rank among the
//   pending tasks' times (the order of what is pending kept, the exact gaps dropped);
// - timeClasses: states equal once every time is dropped (tasks' times, Django cache expiries,
//   browser answers' freshness and cache-busters): what is pending, cached, shown and committed.
// states / timeClasses bounds what any reduction that merges states by time alone (a quiet gap, a
// zone or region abstraction) could save at that bound; states / orderClasses what merging states
// with the same order of pending tasks would. Neither merge is sound in general (a latency added
// later can reorder two pending tasks whose gap differs): this measures, it does not reduce.
// The profile rides on the explorer's canonicalisation hook and gives it back the state the
// explorer would have used, so the search, and its distinct-state count, are the plain one's.
import { resolveConfig } from '../../src/config';
import type { DjangoCacheContext } from '../../src/layers/djangoCache';
import type { BrowserHttpCacheContext } from '../../src/layers/browserHttpCache';
import { epochMsOf } from '../clock';
import { fingerprint } from '../fingerprint';
import { layerKind } from '../world/layers';
import type { Scenario } from '../scenarios/types';
import type { SimState } from '../world/state';
import { explore } from './explore';
import { defaultHorizon } from './explorePlain';
import { workerSymmetry } from './symmetry';

export interface SpaceProfile {
  scenario: string;
  preset: string;
  maxDeviations: number;
  /** The explorer's own count (the visited set). */
  distinctStates: number;
  /** Whether every schedule up to the bound was explored (false: maxStates stopped it). */
  complete: boolean;
  states: number;
  orderClasses: number;
  timeClasses: number;
}

const BUSTER = /([?&]_=)\d+/;
const FAR = Number.MAX_SAFE_INTEGER;

/**
 * `state` with every pending task's time replaced by the next task's time plus its rank among the
 * distinct pending times (the next task keeps its time, so the layers' times, measured from it, stay).
 */
export function orderOnly(state: SimState): SimState {
  const times = [...new Set(state.sched.tasks.map((t) => t.t))].sort((a, b) => a - b);
  return { ...state, sched: { ...state.sched, tasks: state.sched.tasks.map((t) => ({ ...t, t: times[0] + times.indexOf(t.t) })) } };
}

/** `state` with no time left in it: tasks at 0, cache entries far from expiry, browser answers kept by URL and content only. */
export function timeless(state: SimState, epochMs: number): SimState {
  const layers: Record<string, unknown> = {};
  for (const id in state.layers) {
    const kind = layerKind(id);
    const ctx = state.layers[id];
    if (kind === 'cache') {
      const c = ctx as DjangoCacheContext;
      layers[id] = { ...c, entries: c.entries.map((e) => (e.expiresAtMs === null ? e : { ...e, expiresAtMs: FAR })) };
    } else if (kind === 'browser') {
      const c = ctx as BrowserHttpCacheContext;
      const entries: BrowserHttpCacheContext['entries'] = {};
      // Every buster at the reference time (kept, not aged out); freshness the seed's reuse from 0.
      for (const url in c.entries) entries[url.replace(BUSTER, `$1${epochMs}`)] = { ...c.entries[url], storedAtMs: 0, policy: null };
      layers[id] = { ...c, entries };
    } else layers[id] = ctx;
  }
  return { ...state, layers, sched: { ...state.sched, tasks: state.sched.tasks.map((t) => ({ ...t, t: 0 })) } };
}

/** Explores `scenario` under `preset` to `maxDeviations` (all reductions on, as by default) and profiles its states. */
export function profileSpace(scenario: Scenario, preset: string, maxDeviations: number, maxStates = 5_000_000): SpaceProfile {
  const config = resolveConfig(preset, [], scenario.configDefaults).config;
  const symmetry = workerSymmetry(config);
  const horizonMs = defaultHorizon(scenario);
  const epochMs = epochMsOf(scenario.today);
  const key = (s: SimState) => fingerprint(s, epochMs, horizonMs).join(':');
  const states = new Set<string>();
  const orders = new Set<string>();
  const times = new Set<string>();
  const result = explore(scenario, {
    preset,
    maxStates,
    maxDeviations,
    horizonMs,
    canonicalize: (live) => {
      const state = symmetry ? symmetry(live) : live;
      const k = key(state);
      if (!states.has(k)) {
        states.add(k);
        orders.add(key(orderOnly(state)));
        times.add(key(timeless(state, epochMs)));
      }
      return state;
    },
  });
  return { scenario: scenario.name, preset, maxDeviations, distinctStates: result.distinctStates, complete: result.stopReason === 'max-deviations' || result.stopReason === null, states: states.size, orderClasses: orders.size, timeClasses: times.size };
}
