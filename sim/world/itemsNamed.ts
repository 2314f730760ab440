// Which of a scenario's work items an event id names: the id contains the item's uuid, whatever
// the id format (the uuid itself, `workitem-<uuid>`, ...). A run asks this of every event of every
// feed answer, cached value and render, and looking for each uuid in each id was the largest single
// cost of a check schedule; the same few ids recur in every run, so each id's answer is found once
// per item list, as a bit mask (bit i: the id contains uuids[i]). test/sim/itemsNamed.test.ts
// compares the answers with the plain search.
import { BoundedMemo } from '../../src/boundedMemo';

/** Item lists longer than this are searched directly (a mask has 32 bits). */
const MASK_BITS = 32;
/** Bounded: a user's own app could make ids without end. */
const MAX_IDS = 4096;

/** One item list's masks by id, and the search that finds a new id's mask in that list. */
interface ListMasks {
  byId: BoundedMemo<string, number>;
  /** Made once per list, so a lookup allocates no closure. */
  search: (id: string) => number;
}

// Not a WeakMemo: with one, check's schedules took 3.3% more instructions (cachegrind), lastList or not.
const MASKS = new WeakMap<readonly string[], ListMasks>();
/** The last list's masks: a run asks about one list (Simulation.itemUuids, one array per scenario). */
let lastList: readonly string[] | null = null;
let lastMasks: ListMasks | null = null;

function masksOf(uuids: readonly string[]): ListMasks {
  if (uuids === lastList && lastMasks !== null) return lastMasks;
  let masks = MASKS.get(uuids);
  if (masks === undefined) {
    masks = { byId: new BoundedMemo(MAX_IDS), search: (id) => searchMask(uuids, id) };
    MASKS.set(uuids, masks);
  }
  lastList = uuids;
  lastMasks = masks;
  return masks;
}

function searchMask(uuids: readonly string[], id: string): number {
  let mask = 0;
  for (let i = 0; i < uuids.length; i++) if (id.includes(uuids[i])) mask |= 1 << i;
  return mask;
}

/** Which of `uuids` (at most MASK_BITS of them) the id contains, as a mask. */
function maskOf(uuids: readonly string[], id: string): number {
  const masks = masksOf(uuids);
  return masks.byId.get(id, masks.search);
}

/** The ids of a list's events (each object's `id`, as a string): what itemsNamed is asked about. */
export function eventIds(list: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const e of list) if (typeof e === 'object' && e !== null) ids.push(String((e as { id?: unknown }).id));
  return ids;
}

/** The first of `uuids` the id contains (in the list's order), or undefined. */
export function firstItemNamed(uuids: readonly string[], id: string): string | undefined {
  if (uuids.length > MASK_BITS) return uuids.find((uuid) => id.includes(uuid));
  const mask = maskOf(uuids, id);
  // The lowest set bit: the first item in the list's order.
  return mask === 0 ? undefined : uuids[31 - Math.clz32(mask & -mask)];
}

function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

/** The items of `uuids` that some id contains, each once, in the list's order. */
export function itemsNamed(uuids: readonly string[], ids: readonly string[]): string[] {
  if (uuids.length > MASK_BITS) return uuids.filter((uuid) => ids.some((id) => id.includes(uuid)));
  let mask = 0;
  for (let i = 0; i < ids.length; i++) mask |= maskOf(uuids, ids[i]);
  // Sized exactly (pushed onto [], a one-item list had room for 16 more): the lists go into trace
  // events, which the explorer's queue keeps (appended.ts).
  const items = new Array<string>(popcount(mask));
  for (let i = 0, j = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) items[j++] = uuids[i];
  return items;
}
