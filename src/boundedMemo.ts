// A function's answers remembered by key, for the hot paths where a run asks the same few
// questions thousands of times (a second's HTTP date, a feed URL's parameters, a loop's keys).
//
// Bounded because some keys come from input without end (cache-buster URLs, a user's own app's
// ids, the clock's seconds): when full it starts over. Starting over costs only recomputing, never
// a different answer, and keeps a hit to one Map lookup (an LRU would write on every hit).

/** Values may be anything but undefined: undefined is how a lookup says "not made yet". */
export class BoundedMemo<K, V extends {} | null> {
  private readonly byKey = new Map<K, V>();

  constructor(readonly maxEntries: number) {}

  /**
   * The value made for `key` before, or `make(key)`'s, remembered. A make that throws remembers
   * nothing, so a bad input throws every time.
   */
  get(key: K, make: (key: K) => V): V {
    let value = this.byKey.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.byKey.size >= this.maxEntries) this.byKey.clear();
      this.byKey.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.byKey.size;
  }

  clear(): void {
    this.byKey.clear();
  }
}
