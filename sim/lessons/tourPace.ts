// How fast the guided tour plays the run on from one question to the next: the tour uses it, and
// the facilitator's agenda counts the time it takes (docs/facilitator.md).
export const PLAY_STEPS_PER_S = 9;
