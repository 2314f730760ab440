// The board on which every thread that runs a user's views marks where they are (src/app/userApp/
// viewWatch.ts), so that the CLI's main thread can see a view that never gives control back in
// any of them: the job thread of check and explore, and the threads of --workers N. The main
// thread makes the board; Node hands it to every thread started after, and to theirs
// (worker_threads' environment data); each thread that loads an app takes the next free slot.
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';
import { INSIDE, NOW_MS, SEQ, SLOT_TEXT_BYTES, SLOT_WORDS, TEXT_LENGTH, watchViewsIn } from '../../src/app/userApp/viewWatch';

const KEY = 'cachelab.viewBoard';
/** The main thread, the job thread and up to 256 threads of --workers N. */
const SLOTS = 260;
const SLOT_BYTES = SLOT_WORDS * 4 + SLOT_TEXT_BYTES;
/** The first word counts the slots taken; the slots follow. */
const HEADER_BYTES = 8;

/** The board this thread was given (or, in the main thread, made); null in a thread started without one. */
export function viewBoard(): SharedArrayBuffer | null {
  const given = getEnvironmentData(KEY);
  if (given instanceof SharedArrayBuffer) return given;
  if (!isMainThread) return null;
  const made = new SharedArrayBuffer(HEADER_BYTES + SLOTS * SLOT_BYTES);
  setEnvironmentData(KEY, made);
  return made;
}

function slotAt(board: SharedArrayBuffer, i: number): { words: Int32Array; text: Uint8Array } {
  const at = HEADER_BYTES + i * SLOT_BYTES;
  return { words: new Int32Array(board, at, SLOT_WORDS), text: new Uint8Array(board, at + SLOT_WORDS * 4, SLOT_TEXT_BYTES) };
}

/** This thread's views mark the next free slot of the board (a thread past the last keeps its own, unwatched). */
export function claimViewSlot(): void {
  const board = viewBoard();
  if (board === null) return;
  const i = Atomics.add(new Int32Array(board, 0, 1), 0, 1);
  if (i < SLOTS) watchViewsIn(slotAt(board, i));
}

export interface ViewMark {
  slot: number;
  seq: number;
  inside: boolean;
  nowMs: number;
  /** The view ("work_item_delete", "the built-in work_item_update"). */
  view: string;
  /** "request r6: DELETE /... in commit-race". */
  request: string;
}

const decoder = new TextDecoder();

/** What `words` and `text` say (a slot of the board, or this thread's own). */
export function readMark(words: Int32Array, text: Uint8Array, slot = 0): ViewMark {
  const t = decoder.decode(text.slice(0, Math.min(words[TEXT_LENGTH], SLOT_TEXT_BYTES)));
  const tab = t.indexOf('\t');
  return { slot, seq: words[SEQ], inside: words[INSIDE] === 1, nowMs: words[NOW_MS], view: tab < 0 ? t : t.slice(0, tab), request: tab < 0 ? '' : t.slice(tab + 1) };
}

/** Every taken slot of the board. */
export function readBoard(board: SharedArrayBuffer): ViewMark[] {
  const taken = Math.min(Atomics.load(new Int32Array(board, 0, 1), 0), SLOTS);
  const marks: ViewMark[] = [];
  for (let i = 0; i < taken; i++) {
    const { words, text } = slotAt(board, i);
    marks.push(readMark(words, text, i));
  }
  return marks;
}
