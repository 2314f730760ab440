// pathOf, the router's request.path, is what the plain `url.split('?')[0]` gives, for every URL shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEED_PATH, deletePath, pathOf } from '../../src/app/http';

describe('pathOf', () => {
  it("equals url.split('?')[0] on the app's URLs and on random ones with any number of '?'", () => {
    for (const url of [FEED_PATH, `${FEED_PATH}?start=2025-09-28&end=2025-11-09&_=1`, deletePath('5f0c7a3e'), '/oobc-management/calendar/?month=2025-10', '?', '', '/a?b?c', '/a??'])
      expect(pathOf(url)).toBe(url.split('?')[0]);
    fc.assert(fc.property(fc.array(fc.constantFrom('/', 'a', '?', '&', '='), { maxLength: 12 }).map((parts) => parts.join('')), (url) => pathOf(url) === url.split('?')[0]), { numRuns: 500 });
  });
});
