// A user's string names a preset, a knob, a scenario, a lesson, a command or a time zone. Looked
// up on a plain object, "constructor", "__proto__" or "toString" would find Object.prototype's
// members; these helpers only ever find what the table itself holds. Browser-safe.

/** The table's own value for `key`, or undefined (never an inherited property). */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Whether `key` is one of the table's own keys. */
export function hasOwnKey(table: object, key: string): boolean {
  return Object.hasOwn(table, key);
}

/** A read-only Map from each item's name, for lists looked up by a user's string. */
export function byName<T>(items: readonly T[], name: (item: T) => string): ReadonlyMap<string, T> {
  return new Map(items.map((i) => [name(i), i]));
}
