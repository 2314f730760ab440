// How long each hop and server step takes, in virtual ms. `nominalMs` is the documented value
// (chosen so the seed's fixed-flow milestones land: see docs/timeline.md); the range is what a
// seeded schedule may pick. A step whose range is a single value never asks the chooser.

export interface LatencyRange {
  nominalMs: number;
  minMs: number;
  maxMs: number;
  /** Where the figure comes from. */
  why: string;
}

export const LATENCY = {
  'htmx.send': { nominalMs: 50, minMs: 50, maxMs: 50, why: 'seed: "Time 50ms: HTMX sends DELETE request"' },
  'htmx.trigger': { nominalMs: 10, minMs: 5, maxMs: 15, why: 'seed: response at 200, "JavaScript receives response" at 210' },
  'page.listener': { nominalMs: 10, minMs: 5, maxMs: 15, why: 'seed: find (5 ms) + remove (5 ms) before the refetch at 220' },
  'page.parse': { nominalMs: 6, minMs: 2, maxMs: 10, why: 'response.text() + JSON.parse: lands the render on the seed\'s 350' },
  'net.request': { nominalMs: 4, minMs: 2, maxMs: 30, why: 'one way, browser to gunicorn; the seed\'s feed round trip leaves 2 x 4 ms' },
  'net.response': { nominalMs: 4, minMs: 2, maxMs: 30, why: 'one way, gunicorn to browser' },
  'db.query': { nominalMs: 80, minMs: 20, maxMs: 120, why: 'seed: "Query database (80ms)"' },
  'db.get': { nominalMs: 80, minMs: 20, maxMs: 120, why: 'get_object_or_404 before the delete: same query cost as the feed\'s' },
  'db.delete': { nominalMs: 50, minMs: 10, maxMs: 80, why: 'seed: "Delete from database (50ms)"' },
  'db.write': { nominalMs: 50, minMs: 10, maxMs: 80, why: 'a one-row INSERT or UPDATE: like the seed\'s "Delete from database (50ms)"' },
  'db.begin': { nominalMs: 0, minMs: 0, maxMs: 0, why: 'BEGIN is sent with the first statement' },
  'db.commit': { nominalMs: 0, minMs: 0, maxMs: 5, why: 'COMMIT of a one-row delete' },
  'db.version': { nominalMs: 1, minMs: 1, maxMs: 3, why: 'a one-row counter read or UPDATE, like the seed\'s 1 ms version bump' },
  'cache.get': { nominalMs: 10, minMs: 1, maxMs: 15, why: 'seed: "Check cache ... (10ms)" (unpickling the event list)' },
  'cache.getVersion': { nominalMs: 1, minMs: 1, maxMs: 2, why: 'seed: "Increment cache version (1ms)": a small integer' },
  'cache.setVersion': { nominalMs: 1, minMs: 1, maxMs: 2, why: 'seed: "Increment cache version (1ms)"' },
  'cache.set': { nominalMs: 5, minMs: 1, maxMs: 10, why: 'seed: "Cache response with v6 (5ms)"' },
  'cache.deleteLoop': { nominalMs: 0, minMs: 0, maxMs: 0, why: 'a loop of cache.delete calls on missing keys: under 1 ms in all' },
  'view.serialize': { nominalMs: 20, minMs: 5, maxMs: 40, why: 'seed: "Serialize to JSON (20ms)"' },
  'view.buildResponse': { nominalMs: 10, minMs: 5, maxMs: 15, why: 'seed: "Build response (10ms)"' },
  // The page load (issue 14): fixed, so it adds no choice points; what matters is which worker each request takes.
  'page.request': { nominalMs: 4, minMs: 4, maxMs: 4, why: 'one way, like net.request\'s nominal' },
  'page.response': { nominalMs: 4, minMs: 4, maxMs: 4, why: 'one way, like net.response\'s nominal' },
  'view.page': { nominalMs: 10, minMs: 10, maxMs: 10, why: 'render the calendar template (no queries), like view.buildResponse' },
  'view.static': { nominalMs: 2, minMs: 2, maxMs: 2, why: 'read and send a script file' },
} satisfies Record<string, LatencyRange>;

export type LatencyName = keyof typeof LATENCY;
export type LatencyTable = Record<LatencyName, LatencyRange>;

/**
 * The values a latency choice can take, in choice-index order: index 0 is the nominal value, so a
 * shrunk counterexample drifts back toward the documented schedule.
 */
export function latencyValues(range: LatencyRange): number[] {
  const values = [range.nominalMs];
  for (let v = range.minMs; v <= range.maxMs; v++) if (v !== range.nominalMs) values.push(v);
  return values;
}

/** The few indices the exhaustive explorer tries: nominal, fastest, slowest. */
export function extremeIndices(range: LatencyRange): number[] {
  const values = latencyValues(range);
  const picks = new Set([0, values.indexOf(range.minMs), values.indexOf(range.maxMs)]);
  return [...picks].filter((i) => i >= 0).sort((a, b) => a - b);
}
