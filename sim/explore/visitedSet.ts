// The explorer's visited set: 64-bit fingerprints and nothing else, in one open-addressing table
// of 32-bit words (two per slot), doubled when half full: 16 to 32 bytes per state. A Set of
// strings would hold a JS string per state (over 50 bytes each, plus the Set's own entry). The
// first table is small (64 slots, 512 bytes): many searches end with under a hundred states, and
// a 32 KB first table made those cost hundreds of bytes per state; doubling from 64 to 4,096
// slots rehashes under 4,000 fingerprints in all.
export class VisitedSet {
  private table: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialSlots = 1 << 6) {
    this.table = new Uint32Array(initialSlots * 2);
    this.mask = initialSlots - 1;
  }

  /**
   * The one probe loop: the slot holding the fingerprint (>= 0), or ~slot of the empty slot where
   * it would go (< 0). (0, 0) marks an empty slot, so it is stored as (0, 1): callers pass b
   * already mapped.
   */
  private probe(a: number, b: number): number {
    const t = this.table;
    const mask = this.mask;
    const ua = a >>> 0;
    const ub = b >>> 0;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      const x = t[2 * i];
      const y = t[2 * i + 1];
      if (x === ua && y === ub) return i;
      if (x === 0 && y === 0) return ~i;
      i = (i + 1) & mask;
    }
  }

  private insert(slot: number, a: number, b: number): void {
    this.table[2 * slot] = a;
    this.table[2 * slot + 1] = b;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  /** Adds a fingerprint; false when it was already there. */
  add(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    const i = this.probe(a, b);
    if (i >= 0) return false;
    this.insert(~i, a, b);
    return true;
  }

  has(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    return this.probe(a, b) >= 0;
  }

  /** has, then add unless `maxSize` fingerprints are already there, with one probe: the explorer's question at every state. */
  visit(a: number, b: number, maxSize: number): 'new' | 'seen' | 'full' {
    if (a === 0 && b === 0) b = 1;
    const i = this.probe(a, b);
    if (i >= 0) return 'seen';
    if (this.size >= maxSize) return 'full';
    this.insert(~i, a, b);
    return 'new';
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i], old[i + 1]);
  }

  /** Bytes the table holds. */
  get bytes(): number {
    return this.table.byteLength;
  }
}

/**
 * Probability that two of `n` distinct states share a 64-bit fingerprint (so one was wrongly
 * taken as visited), as TLC reports it: about n^2 / 2^65 for uniform fingerprints.
 */
export function collisionProbability(n: number): number {
  return (n * (n - 1)) / 2 ** 65;
}
