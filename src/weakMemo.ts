// A value made once per object and remembered for as long as that object lives: what a run asks of
// an object that never changes (a scenario, a frozen key list, a latency range, a field table)
// again at every run or step.
//
// Keyed weakly, so it needs no bound (BoundedMemo's keys are strings and numbers nothing else
// holds): an entry goes when its key does. Keys are compared by identity, never by content, so a
// key must not be changed after its value is made.

/** Values may be anything but undefined: undefined is how a lookup says "not made yet". */
export class WeakMemo<K extends object, V extends {} | null> {
  private readonly byKey = new WeakMap<K, V>();

  /**
   * The value made for `key` before, or `make(key)`'s, remembered. A make that throws remembers
   * nothing, so a bad input throws every time. On a hot path pass a function made once, not a
   * closure per call: `make` is passed at every lookup, and a hit never calls it.
   */
  get(key: K, make: (key: K) => V): V {
    let value = this.byKey.get(key);
    if (value === undefined) {
      value = make(key);
      this.byKey.set(key, value);
    }
    return value;
  }
}
