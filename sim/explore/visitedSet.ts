// The explorer's visited set: 64-bit fingerprints and nothing else, in one open-addressing table
// of 32-bit words (two per slot), doubled when half full: 16 to 32 bytes per state. A Set of
// strings would hold a JS string per state (over 50 bytes each, plus the Set's own entry).
export class VisitedSet {
  private table: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialSlots = 1 << 12) {
    this.table = new Uint32Array(initialSlots * 2);
    this.mask = initialSlots - 1;
  }

  /** Adds a fingerprint; false when it was already there. (0, 0) marks an empty slot, so it is stored as (0, 1). */
  add(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    const t = this.table;
    for (;;) {
      const x = t[2 * i];
      const y = t[2 * i + 1];
      if (x === 0 && y === 0) break;
      if (x === a >>> 0 && y === b >>> 0) return false;
      i = (i + 1) & this.mask;
    }
    t[2 * i] = a;
    t[2 * i + 1] = b;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  has(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    const t = this.table;
    for (;;) {
      const x = t[2 * i];
      const y = t[2 * i + 1];
      if (x === 0 && y === 0) return false;
      if (x === a >>> 0 && y === b >>> 0) return true;
      i = (i + 1) & this.mask;
    }
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
