// "Did you mean ...?" for a mistyped name (a flag, scenario, preset, config key or value): the
// error still lists every valid name; this points at the one the user most likely meant.

/** More than this many names at the nearest tier is no hint: the error's full list says as much. */
const MAX_SUGGESTIONS = 3;

/** Case, "-" and "_" do not tell names apart here: "Commit_Race" meant commit-race. */
function letters(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '');
}

/** A dotted name's last part: a knob's name in its group ("deploy.workers" -> "workers"). */
function lastPart(s: string): string {
  return s.slice(s.lastIndexOf('.') + 1);
}

/**
 * The valid names a mistyped one most likely meant, in their list's order: the same letters, else
 * the same last part of a dotted name (a knob under another group, or without one: "workers",
 * "cache.cacheTtlS"), else a prefix either way (of 2 letters or more), else one edit away; none
 * when the nearest tier that matches holds more than MAX_SUGGESTIONS.
 */
export function nearestNames(typed: string, names: readonly string[]): string[] {
  const t = letters(typed);
  const tiers = [
    (n: string) => n === t,
    (n: string) => n.includes('.') && lastPart(n) === lastPart(t),
    (n: string) => Math.min(n.length, t.length) >= 2 && (n.startsWith(t) || t.startsWith(n)),
    (n: string) => oneEditApart(n, t),
  ];
  for (const near of tiers) {
    const found = names.filter((name) => name !== typed && near(letters(name)));
    if (found.length) return found.length <= MAX_SUGGESTIONS ? found : [];
  }
  return [];
}

/** " (did you mean x?)", " (did you mean x or y?)", or "" when nothing is near. */
export function didYouMean(typed: string, names: readonly string[]): string {
  const near = nearestNames(typed, names);
  return near.length ? ` (did you mean ${near.join(' or ')}?)` : '';
}

/** One letter added, dropped, changed, or two neighbours swapped. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, skip: number) => x.slice(i + skip);
  if (a.length === b.length) return rest(a, 1) === rest(b, 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, 2) === rest(b, 2));
  return a.length > b.length ? rest(a, 1) === rest(b, 0) : rest(a, 0) === rest(b, 1);
}
