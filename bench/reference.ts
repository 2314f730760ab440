// The plain-TypeScript reference, layer by layer: the events a seeded run delivered to its layers
// are recorded, then replayed (1) through the layers' pure reducers, (2) through xstate actors of
// the same machines (`actor.send`, then `getSnapshot().context.reply`, as the simulator does),
// (3) through xstate's pure `transition()`. Each replay must end in the contexts the run ended in.
// Also a calibration on a trivial 3-state machine, the comparison docs/facts.md, the tools
// quotes (xstate transition() ~93,000 steps/s, a plain reducer ~100M).
//
// Recording reads the Simulation's layer table, which is private: it is found by shape (a Map of
// objects with send/context functions) and its send functions are wrapped before the first task
// runs, so the bench fails loudly, never silently, if that table changes shape.
import { assign, createActor, setup, transition, type AnyStateMachine } from 'xstate';
import { runScenarioDetailed } from '../sim/run';
import type { Scenario } from '../sim/scenarios/types';
import { browserHttpCacheMachine, reduceBrowserHttpCache } from '../src/layers/browserHttpCache';
import { databaseMachine, reduceDatabase } from '../src/layers/database';
import { djangoCacheMachine, reduceDjangoCache } from '../src/layers/djangoCache';
import { fullCalendarStoreMachine, reduceFullCalendarStore } from '../src/layers/fullCalendarStore';
import { perSecond, repeatFor, sig } from './stats';

type Reduce = (context: unknown, event: unknown) => unknown;

interface LayerKind {
  machine: AnyStateMachine;
  reduce: Reduce;
}

const KINDS: Record<string, LayerKind> = {
  calendar: { machine: fullCalendarStoreMachine, reduce: reduceFullCalendarStore as unknown as Reduce },
  browser: { machine: browserHttpCacheMachine, reduce: reduceBrowserHttpCache as unknown as Reduce },
  cache: { machine: djangoCacheMachine, reduce: reduceDjangoCache as unknown as Reduce },
  db: { machine: databaseMachine, reduce: reduceDatabase as unknown as Reduce },
};

interface LayerHandle {
  send(event: Record<string, unknown>): unknown;
  context(): unknown;
}

export interface RecordedStream {
  layers: Array<{ id: string; kind: LayerKind; initial: unknown; final: unknown }>;
  /** [layer index, event] in delivery order. */
  steps: Array<[number, Record<string, unknown>]>;
}

function layerTable(sim: object): Map<string, LayerHandle> {
  for (const value of Object.values(sim)) {
    if (!(value instanceof Map) || value.size === 0) continue;
    const handles = [...value.values()];
    if (handles.every((h) => h && typeof h.send === 'function' && typeof h.context === 'function')) return value as Map<string, LayerHandle>;
  }
  throw new Error('bench/reference: the Simulation no longer keeps its layers in a Map of {send, context}; update recordStream');
}

/** The layer events of one seeded lean run of `scenario`, with each layer's first and last context. */
export function recordStream(scenario: Scenario, seed: number): RecordedStream {
  const stream: RecordedStream = { layers: [], steps: [] };
  let handles: Map<string, LayerHandle> | null = null;
  const { sim } = runScenarioDetailed(scenario, {
    seed,
    lean: true,
    beforeStep: (s) => {
      if (handles) return;
      handles = layerTable(s);
      for (const [id, h] of handles) {
        const kind = KINDS[id.split(':')[0]];
        if (!kind) throw new Error(`bench/reference: unknown layer kind of "${id}"`);
        const index = stream.layers.push({ id, kind, initial: h.context(), final: null }) - 1;
        const send = h.send.bind(h);
        h.send = (event) => {
          stream.steps.push([index, event]);
          return send(event);
        };
      }
    },
  });
  for (const layer of stream.layers) layer.final = layerTable(sim).get(layer.id)!.context();
  return stream;
}

function sameJson(a: unknown, b: unknown, what: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`bench/reference: replaying through ${what} did not reach the run's final contexts`);
}

function replayReducers(s: RecordedStream, check: boolean): number {
  const ctx = s.layers.map((l) => l.initial);
  const reduce = s.layers.map((l) => l.kind.reduce);
  for (const [i, ev] of s.steps) ctx[i] = reduce[i](ctx[i], ev);
  if (check) sameJson(ctx, s.layers.map((l) => l.final), 'the pure reducers');
  return s.steps.length;
}

function initialSnapshot(kind: LayerKind, context: unknown) {
  return kind.machine.resolveState({ value: kind.machine.config.initial as string, context: context as never });
}

function replayActors(s: RecordedStream, check: boolean): number {
  const actors = s.layers.map((l) => createActor(l.kind.machine, { snapshot: initialSnapshot(l.kind, l.initial) } as never).start());
  let replies = 0;
  for (const [i, ev] of s.steps) {
    actors[i].send(ev as never);
    // Read the reply as the simulator does after every send.
    if ((actors[i].getSnapshot().context as { reply: unknown }).reply != null) replies++;
  }
  if (check) sameJson(actors.map((a) => a.getSnapshot().context), s.layers.map((l) => l.final), 'xstate actors');
  for (const a of actors) a.stop();
  if (replies < 0) throw new Error('unreachable');
  return s.steps.length;
}

function replayTransition(s: RecordedStream, check: boolean): number {
  const snaps = s.layers.map((l) => initialSnapshot(l.kind, l.initial));
  for (const [i, ev] of s.steps) snaps[i] = transition(s.layers[i].kind.machine, snaps[i] as never, ev as never)[0] as never;
  if (check) sameJson(snaps.map((x) => x.context), s.layers.map((l) => l.final), "xstate's transition()");
  return s.steps.length;
}

export interface ReplayFigures {
  steps: number;
  ms: number;
  stepsPerS: number;
}

export interface ReferenceResult {
  scenario: string;
  /** Layer events a seeded run delivers (mean over the recorded seeds 1..5). */
  layerStepsPerRun: number;
  reducers: ReplayFigures;
  actors: ReplayFigures;
  transition: ReplayFigures;
  /** How much slower than the pure reducers each xstate way of stepping the same events is. */
  actorsOverReducers: number;
  transitionOverReducers: number;
}

function timed(budgetMs: number, once: () => number): ReplayFigures {
  once();
  const r = repeatFor(budgetMs, once, 3);
  return { steps: r.work, ms: sig(r.ms, 4), stepsPerS: sig(perSecond(r.work, r.ms)) };
}

/** Streams of this many seeded runs (seeds 1..N) are replayed. */
const RECORDED_RUNS = 5;

/**
 * The reducers' replay of `scenario`'s recorded streams as one unit of work (returns the layer
 * steps it replayed), checked once against the recorded final contexts: bench/simulate.ts times it
 * in the same rounds as the simulator's runs, so the strict ratio's two sides see the same machine.
 */
export function reducerReplay(scenario: Scenario): { layerStepsPerRun: number; replay: () => number } {
  const streams = recordedStreams(scenario);
  streams.forEach((s) => replayReducers(s, true));
  return { layerStepsPerRun: meanLayerSteps(streams), replay: () => streams.reduce((n, s) => n + replayReducers(s, false), 0) };
}

function recordedStreams(scenario: Scenario): RecordedStream[] {
  return Array.from({ length: RECORDED_RUNS }, (_, i) => recordStream(scenario, i + 1));
}

function meanLayerSteps(streams: RecordedStream[]): number {
  return sig(streams.reduce((n, s) => n + s.steps.length, 0) / streams.length, 4);
}

export function measureReference(scenario: Scenario, budgetMs: number): ReferenceResult {
  const streams = recordedStreams(scenario);
  const all = (replay: (s: RecordedStream, check: boolean) => number, check: boolean) => () => streams.reduce((n, s) => n + replay(s, check), 0);
  // Each replay checks once that it reaches the recorded final contexts, then runs unchecked.
  all(replayReducers, true)();
  all(replayActors, true)();
  all(replayTransition, true)();
  const reducers = timed(budgetMs / 3, all(replayReducers, false));
  const actors = timed(budgetMs / 3, all(replayActors, false));
  const tr = timed(budgetMs / 3, all(replayTransition, false));
  return {
    scenario: scenario.name,
    layerStepsPerRun: meanLayerSteps(streams),
    reducers,
    actors,
    transition: tr,
    actorsOverReducers: sig(reducers.stepsPerS / actors.stepsPerS),
    transitionOverReducers: sig(reducers.stepsPerS / tr.stepsPerS),
  };
}

// ---- calibration: the trivial machine of docs/facts.md, the tools ----------------------------------------

type Light = 'green' | 'yellow' | 'red';
interface LightContext {
  light: Light;
  changes: number;
}
const NEXT: Record<Light, Light> = { green: 'yellow', yellow: 'red', red: 'green' };

function reduceLight(ctx: LightContext): LightContext {
  return { light: NEXT[ctx.light], changes: ctx.changes + 1 };
}

const lightMachine = setup({ types: { context: {} as LightContext, events: {} as { type: 'tick' } } }).createMachine({
  context: { light: 'green', changes: 0 },
  initial: 'green',
  states: {
    green: { on: { tick: { target: 'yellow', actions: assign({ changes: ({ context }) => context.changes + 1 }) } } },
    yellow: { on: { tick: { target: 'red', actions: assign({ changes: ({ context }) => context.changes + 1 }) } } },
    red: { on: { tick: { target: 'green', actions: assign({ changes: ({ context }) => context.changes + 1 }) } } },
  },
});

export interface CalibrationResult {
  machine: string;
  reducerStepsPerS: number;
  actorStepsPerS: number;
  transitionStepsPerS: number;
  transitionOverReducer: number;
}

export function measureCalibration(budgetMs: number): CalibrationResult {
  const BATCH = 10_000;
  const TICK = { type: 'tick' } as const;
  let sink = 0;
  const reducer = timed(budgetMs / 3, () => {
    let ctx: LightContext = { light: 'green', changes: 0 };
    for (let i = 0; i < BATCH * 100; i++) ctx = reduceLight(ctx);
    sink += ctx.changes;
    return BATCH * 100;
  });
  const actor = timed(budgetMs / 3, () => {
    const a = createActor(lightMachine).start();
    for (let i = 0; i < BATCH; i++) a.send(TICK);
    sink += a.getSnapshot().context.changes;
    a.stop();
    return BATCH;
  });
  const tr = timed(budgetMs / 3, () => {
    let snap = lightMachine.resolveState({ value: 'green', context: { light: 'green', changes: 0 } });
    for (let i = 0; i < BATCH / 10; i++) snap = transition(lightMachine, snap, TICK)[0];
    sink += snap.context.changes;
    return BATCH / 10;
  });
  if (sink < 0) throw new Error('unreachable');
  return {
    machine: 'traffic light, 3 states, one counter in the context',
    reducerStepsPerS: reducer.stepsPerS,
    actorStepsPerS: actor.stepsPerS,
    transitionStepsPerS: tr.stepsPerS,
    transitionOverReducer: sig(reducer.stepsPerS / tr.stepsPerS),
  };
}
