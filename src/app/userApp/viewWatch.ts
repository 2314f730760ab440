// Where a user's view is running, for a watchdog outside the simulation to name a view that never
// gives control back (`while (true) {}`: no Django call, no return), which nothing inside a run can
// stop. Each step of a user's request marks the slot "inside" with a step count, the virtual time
// and which view and request it is; the watchdog (sim/cli/cliViewWatchdog.ts) reads the slot from
// another thread, or when a step run under a vm timeout (the main thread's) is stopped. Only
// written here, never read: no run depends on it, and it reads no clock. Only a run with --app
// goes through it (handleUserRequest.ts): the built-in app's runs do not pay for it.
import type { ViewProgram } from '../ops';

/** Words of a slot: a step count, 1 while a step runs, the virtual ms, the text's length in bytes. */
export const SEQ = 0;
export const INSIDE = 1;
export const NOW_MS = 2;
export const TEXT_LENGTH = 3;
export const SLOT_WORDS = 4;
/** Bytes of a slot's text: "work_item_delete\trequest r6: DELETE /... in commit-race", cut to fit. */
export const SLOT_TEXT_BYTES = 240;

export interface ViewSlot {
  words: Int32Array;
  text: Uint8Array;
}

/** A slot of this thread's own until one on a shared board is given (sim/app/viewBoard.ts). */
let slot: ViewSlot = { words: new Int32Array(SLOT_WORDS), text: new Uint8Array(SLOT_TEXT_BYTES) };
/** The request whose text the slot holds: written again only when another request's step runs. */
let written: object | null = null;
const encoder = new TextEncoder();

export function watchViewsIn(s: ViewSlot): void {
  slot = s;
  written = null;
}

export function currentViewSlot(): ViewSlot {
  return slot;
}

/** Runs one step of the user's code; null: called directly (a thread the watchdog reads from another). */
export type StepRunner = <R>(step: () => R) => R;
let runner: StepRunner | null = null;

/** The CLI's main thread runs each step under a timeout (sim/cli/cliViewWatchdog.ts); null puts the plain call back. */
export function runStepsWith(r: StepRunner | null): void {
  runner = r;
}

/** `program` run step by step, each step marked in the slot as `where`'s (view, tab, request). */
export function* watchedProgram<T>(program: ViewProgram<T>, where: string, nowMs: () => number): ViewProgram<T> {
  const me = {};
  let input: unknown = undefined;
  for (;;) {
    const { words, text } = slot;
    if (written !== me) {
      words[TEXT_LENGTH] = encoder.encodeInto(where, text).written;
      written = me;
    }
    words[NOW_MS] = nowMs();
    words[SEQ]++;
    words[INSIDE] = 1;
    let r: IteratorResult<unknown, T>;
    try {
      r = runner === null ? program.next(input as never) : runner(() => program.next(input as never));
    } finally {
      words[INSIDE] = 0;
    }
    if (r.done) return r.value;
    input = yield r.value as never;
  }
}
