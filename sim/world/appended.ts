// A list with one more entry, as a new array of exactly that length. The world's state replaces
// its lists rather than changing them (sim/world/state.ts), and the explorer's queue keeps every
// stored state's lists alive: `[...list, x]` gives V8's array of room for 16 more entries (its
// growth step when the literal's last entry is stored), so a one-entry list kept 20 slots, and the
// queue on cache-pressure held about a tenth of its bytes in such room.
export function appended<T>(list: readonly T[], x: T): T[] {
  const n = list.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = list[i];
  out[n] = x;
  return out;
}
