// The main thread's visited set with the order its fingerprints came in, so that each worker can
// be sent only what it has not seen yet (8 bytes a state, once per worker).
import { VisitedSet } from '../visitedSet';
import type { VisitedView } from './scheduleRunner';

export class VisitedLog implements VisitedView {
  readonly set = new VisitedSet();
  private log = new Uint32Array(1 << 12);
  private length = 0;

  get size(): number {
    return this.set.size;
  }

  add(a: number, b: number): void {
    if (this.set.add(a, b)) this.append(a, b);
  }

  visit(a: number, b: number, maxStates: number): 'new' | 'seen' | 'full' {
    const seen = this.set.visit(a, b, maxStates);
    if (seen === 'new') this.append(a, b);
    return seen;
  }

  private append(a: number, b: number): void {
    if (this.length + 2 > this.log.length) {
      const bigger = new Uint32Array(this.log.length * 2);
      bigger.set(this.log);
      this.log = bigger;
    }
    this.log[this.length++] = a;
    this.log[this.length++] = b;
  }

  /** The fingerprints added since position `from` (in words), as a copy, and the new position. */
  since(from: number): { words: Uint32Array; to: number } {
    return { words: this.log.slice(from, this.length), to: this.length };
  }
}
