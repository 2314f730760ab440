// The shape of one invariant: a name, the sentence it promises, and a checker over trace facts.
import type { TraceFacts } from './traceFacts';
import type { Violation } from './types';

export interface Invariant {
  name: string;
  statement: string;
  check(facts: TraceFacts): Violation[];
}
