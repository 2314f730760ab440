// itemsNamed and firstItemNamed (remembered per id, as bit masks) give what the plain search of
// every uuid in every id gives: on random item lists (beyond a mask's 32 bits too) and ids that
// name none, one or several items, asked again and again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstItemNamed, itemsNamed } from '../../sim/world/itemsNamed';

const UUIDS = Array.from({ length: 40 }, (_, i) => `5f0c7a3e-2b1d-4e8a-9c6f-${String(i).padStart(12, '0')}`);

/** An id made of some of the uuids (any order, repeats), maybe with a prefix, and noise. */
const idOf = (uuids: readonly string[]) =>
  fc.tuple(fc.constantFrom('', 'workitem-', 'wi:'), fc.array(fc.constantFrom(...uuids, 'x', '5f0c7a3e'), { maxLength: 3 })).map(([prefix, parts]) => prefix + parts.join('|'));

describe('the items event ids name', () => {
  it('equal the plain search, list by list, asked repeatedly', () => {
    // Lists of 1 to 40 items, each one array object (as Simulation.itemUuids), asked about twice.
    const lists = [1, 4, 31, 32, 33, 40].map((n) => Object.freeze(UUIDS.slice(40 - n)));
    fc.assert(
      fc.property(
        fc.constantFrom(...lists).chain((uuids) => fc.tuple(fc.constant(uuids), fc.array(idOf(uuids), { maxLength: 6 }))),
        ([uuids, ids]) => {
          for (let round = 0; round < 2; round++) {
            expect(itemsNamed(uuids, ids)).toEqual(uuids.filter((uuid) => ids.some((id) => id.includes(uuid))));
            for (const id of ids) expect(firstItemNamed(uuids, id)).toBe(uuids.find((uuid) => id.includes(uuid)));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
