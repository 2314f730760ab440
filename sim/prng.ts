// The one source of randomness in src/ and sim/. A seeded 32-bit PRNG (splitmix32) with
// sub-seeds derived per actor, so one actor's extra draws never shift another's sequence.

export interface Prng {
  /** Next unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform integer in [0, n). n must be a positive integer. */
  nextInt(n: number): number;
}

export function createPrng(seed: number): Prng {
  return new SplitMix32(seed);
}

/** A class, not closures over `state`: PCT makes one per run, and each closure made costs a __name call under tsx. */
class SplitMix32 implements Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer, got ${n}`);
    // Rejection sampling keeps the draw uniform for any n.
    const limit = Math.floor(0x100000000 / n) * n;
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }
}

/** FNV-1a of a label, mixed with the run seed: a stable sub-seed per actor or choice kind. */
export function subSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
