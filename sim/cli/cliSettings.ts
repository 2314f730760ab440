// How an explore ran: the staleness bound and the reductions as applied, one line each, in the
// words both `explore` and `merge` ("in every shard") print them. A single explore also says
// what the reductions did (its counts), after the same words.

export interface AppliedSettings {
  maxStaleMs: number | null;
  reduction: boolean;
  symmetry: boolean;
  /** null: not recorded (shard reports older than the field). */
  deferJitter: boolean | null;
  quietGap: boolean | null;
}

/** What one explore's reductions did (merge has no such detail). */
export interface SettingsDetail {
  /** Orders of simultaneous independent tasks the partial-order reduction left out. */
  tiesPruned: number;
}

/** Each setting's name and value; `scope` follows an on/off (merge: " in every shard"). */
export function describeSettings(s: AppliedSettings, scope: string, detail?: SettingsDetail): Array<[name: string, value: string]> {
  const onOff = (on: boolean | null, off = 'off') => (on === null ? "not recorded in the shards' reports (older than the field)" : `${on ? 'on' : off}${scope}`);
  const why = (text: string, sep = ': ') => (detail ? `${sep}${text}` : '');
  return [
    ['max stale', s.maxStaleMs === null ? 'none: any stale moment is a violation' : `${s.maxStaleMs} ms (--max-stale-ms)`],
    ['reduction', onOff(s.reduction) + why(s.reduction ? `${detail?.tiesPruned} order(s) of simultaneous independent tasks left out` : 'every order of simultaneous tasks explored')],
    ['symmetry', onOff(s.symmetry, 'off or not applicable') + (s.symmetry ? why("states that differ only by a rotation of the workers' numbers explored once") : why('(per-worker caches, the proxy, or one worker)', ' '))],
    ['defer jitter', onOff(s.deferJitter)],
    ['quiet gap', onOff(s.quietGap)],
  ];
}

/** The settings as report lines: the name in a column of its own, as the reports' other lines. */
export function settingLines(s: AppliedSettings, scope: string, detail?: SettingsDetail): string[] {
  return describeSettings(s, scope, detail).map(([name, value]) => `  ${name.padEnd(18)}${value}`);
}
