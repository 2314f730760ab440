// How an explore ran: the staleness bound and the reductions as applied, in the words both
// `explore` (one line) and `merge` (one line each, "in every shard") print them.

export interface AppliedSettings {
  maxStaleMs: number | null;
  reduction: boolean;
  symmetry: boolean;
  /** null: not recorded (shard reports older than the field). */
  deferJitter: boolean | null;
  quietGap: boolean | null;
}

/** Each setting's name and value; `scope` follows an on/off (merge: " in every shard"). */
export function describeSettings(s: AppliedSettings, scope: string): Array<[name: string, value: string]> {
  const onOff = (on: boolean | null, off = 'off') => (on === null ? "not recorded in the shards' reports (older than the field)" : `${on ? 'on' : off}${scope}`);
  return [
    ['max stale', s.maxStaleMs === null ? 'none: any stale moment is a violation' : `${s.maxStaleMs} ms (--max-stale-ms)`],
    ['reduction', onOff(s.reduction)],
    ['symmetry', onOff(s.symmetry, 'off or not applicable')],
    ['defer jitter', onOff(s.deferJitter)],
    ['quiet gap', onOff(s.quietGap)],
  ];
}
