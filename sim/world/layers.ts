// The layer machines of one run, over the contexts held in the world's state. A full run sends
// each event to an xstate actor (the machine is the model); a lean run (the explorer's) calls the
// machine's pure reducer, which is the same step without an actor's bookkeeping (every transition
// of every machine is assign(reduce); test/sim/explore.test.ts checks the traces agree). Either
// way the context after each event is written back into the state, so a snapshot holds it.
import { createActor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import type { JsonObject } from '../../src/json';
import { databaseMachine, initialDatabaseContext, reduceDatabase, viewDatabase } from '../../src/layers/database';
import { djangoCacheMachine, initialDjangoCacheContext, reduceDjangoCache, viewDjangoCache } from '../../src/layers/djangoCache';
import { browserHttpCacheMachine, initialBrowserHttpCacheContext, reduceBrowserHttpCache, viewBrowserHttpCache } from '../../src/layers/browserHttpCache';
import { fullCalendarStoreMachine, initialFullCalendarStoreContext, reduceFullCalendarStore, viewFullCalendarStore } from '../../src/layers/fullCalendarStore';

export type LayerKind = 'calendar' | 'browser' | 'cache' | 'db';

export type Reply = Record<string, unknown>;

interface LayerCore {
  machine: AnyStateMachine;
  initial(input: never): unknown;
  reduce(context: never, event: never): unknown;
  view(context: never, nowMs: number): JsonObject;
}

export const LAYER_CORES: Record<LayerKind, LayerCore> = {
  calendar: { machine: fullCalendarStoreMachine, initial: initialFullCalendarStoreContext as never, reduce: reduceFullCalendarStore as never, view: viewFullCalendarStore as never },
  browser: { machine: browserHttpCacheMachine, initial: initialBrowserHttpCacheContext as never, reduce: reduceBrowserHttpCache as never, view: viewBrowserHttpCache as never },
  cache: { machine: djangoCacheMachine, initial: initialDjangoCacheContext as never, reduce: reduceDjangoCache as never, view: viewDjangoCache as never },
  db: { machine: databaseMachine, initial: initialDatabaseContext as never, reduce: reduceDatabase as never, view: viewDatabase as never },
};

const KIND_OF = new Map<string, LayerKind>();

export function layerKind(id: string): LayerKind {
  let kind = KIND_OF.get(id);
  if (kind === undefined) {
    kind = id.split(':')[0] as LayerKind;
    KIND_OF.set(id, kind);
  }
  return kind;
}

/** One layer of the run: `send` delivers an event and returns the layer's reply to it. */
export interface LayerHandle {
  id: string;
  send(event: Record<string, unknown>): Reply;
  context(): unknown;
}

/**
 * Builds the handle of layer `id`, whose context lives at `contexts()[id]`. In a full run the
 * actor is (re)created from the stored context whenever the two disagree (after a restore).
 */
export function layerHandle(id: string, contexts: () => Record<string, unknown>, lean: boolean): LayerHandle {
  const core = LAYER_CORES[layerKind(id)];
  if (lean) return new LeanLayerHandle(id, core, contexts);
  let actor: AnyActorRef | null = null;
  let actorContext: unknown = undefined;
  return {
    id,
    send(event) {
      const store = contexts();
      if (actor === null || actorContext !== store[id]) {
        // Every machine's state is a function of its context (one `ready` state, or
        // fullCalendarStore's `settle`, which picks it from the context on every event).
        const snapshot = core.machine.resolveState({ value: core.machine.config.initial as string, context: store[id] as never });
        actor = createActor(core.machine, { snapshot } as never).start();
      }
      actor.send(event as never);
      actorContext = actor.getSnapshot().context;
      store[id] = actorContext;
      return (actorContext as { reply: Reply }).reply;
    },
    context: () => contexts()[id],
  };
}

/**
 * A lean run's handle: the reducer called directly. A class rather than an object of closures,
 * since every run builds one per layer and each closure made costs a __name call under tsx
 * (esbuild's keepNames).
 */
class LeanLayerHandle implements LayerHandle {
  constructor(
    readonly id: string,
    private readonly core: LayerCore,
    private readonly contexts: () => Record<string, unknown>,
  ) {}

  send(event: Record<string, unknown>): Reply {
    const store = this.contexts();
    const ctx = this.core.reduce(store[this.id] as never, event as never);
    store[this.id] = ctx;
    return (ctx as { reply: Reply }).reply;
  }

  context(): unknown {
    return this.contexts()[this.id];
  }
}

export function viewLayer(id: string, context: unknown, nowMs: number): JsonObject {
  return LAYER_CORES[layerKind(id)].view(context as never, nowMs);
}
