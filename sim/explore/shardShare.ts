// A shard's share of the nominal run's alternatives (its first deviations): every count-th from
// its index, in the order the nominal run met them. Everything below them is the shard's own, so
// the shares together cover every schedule (test/sim/shardSplitSame.test.ts compares the parts'
// visited states and witnesses with one unsharded explore's).

/** A deliberately wrong split (tests: must be caught). */
export interface ShardFlaws {
  /** The alternatives (by position in the nominal run's list) that no shard keeps, as a split that loses part of its frontier would. */
  drop?: readonly number[];
}

export function shardShare<T>(alternatives: readonly T[], shard: { index: number; count: number }, flaws?: ShardFlaws): T[] {
  return alternatives.filter((_, k) => k % shard.count === shard.index && !flaws?.drop?.includes(k));
}
