// Which of a scenario's work items an event id names: the id contains the item's uuid, whatever
// the id format (the uuid itself, `workitem-<uuid>`, ...). A run asks this of every event of every
// feed answer, cached value and render, and looking for each uuid in each id was the largest single
// cost of a check schedule; the same few ids recur in every run, so each id's answer is found once
// per item list, as a bit mask (bit i: the id contains uuids[i]). test/sim/itemsNamed.test.ts
// compares the answers with the plain search.

/** Item lists longer than this are searched directly (a mask has 32 bits). */
const MASK_BITS = 32;
/** Bounded: cleared when full (a user's own app could make ids without end). */
const MAX_IDS = 4096;

const MASKS = new WeakMap<readonly string[], Map<string, number>>();
/** The last list's masks: a run asks about one list (Simulation.itemUuids, one array per scenario). */
let lastList: readonly string[] | null = null;
let lastMasks: Map<string, number> | null = null;

function masksOf(uuids: readonly string[]): Map<string, number> {
  if (uuids === lastList && lastMasks !== null) return lastMasks;
  let masks = MASKS.get(uuids);
  if (masks === undefined) {
    masks = new Map();
    MASKS.set(uuids, masks);
  }
  lastList = uuids;
  lastMasks = masks;
  return masks;
}

/** Which of `uuids` (at most MASK_BITS of them) the id contains, as a mask. */
function maskOf(uuids: readonly string[], id: string): number {
  const masks = masksOf(uuids);
  let mask = masks.get(id);
  if (mask === undefined) {
    mask = 0;
    for (let i = 0; i < uuids.length; i++) if (id.includes(uuids[i])) mask |= 1 << i;
    if (masks.size >= MAX_IDS) masks.clear();
    masks.set(id, mask);
  }
  return mask;
}

/** The first of `uuids` the id contains (in the list's order), or undefined. */
export function firstItemNamed(uuids: readonly string[], id: string): string | undefined {
  if (uuids.length > MASK_BITS) return uuids.find((uuid) => id.includes(uuid));
  const mask = maskOf(uuids, id);
  // The lowest set bit: the first item in the list's order.
  return mask === 0 ? undefined : uuids[31 - Math.clz32(mask & -mask)];
}

/** The items of `uuids` that some id contains, each once, in the list's order. */
export function itemsNamed(uuids: readonly string[], ids: readonly string[]): string[] {
  if (uuids.length > MASK_BITS) return uuids.filter((uuid) => ids.some((id) => id.includes(uuid)));
  let mask = 0;
  for (let i = 0; i < ids.length; i++) mask |= maskOf(uuids, ids[i]);
  const items: string[] = [];
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) items.push(uuids[i]);
  return items;
}
