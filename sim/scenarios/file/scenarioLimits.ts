// How big a scenario file may be. The simulation's cost grows with users x steps x items, and a
// file may come from anyone: these bounds keep one run well under a second.
export const SCENARIO_LIMITS = {
  fileBytes: 1_000_000,
  users: 26,
  items: 500,
  steps: 200,
  /** |atMs| and a wait's forMs: one week of virtual time. */
  timeMs: 604_800_000,
  jitterMs: 10_000,
  titleChars: 200,
  descriptionChars: 200,
  detailsChars: 4000,
} as const;
