// The distinct users (or items) of a list of facts, in order of first appearance: what the
// checkers loop over. A run has a handful of each, and the checkers judge every run the explorer
// finishes: a scan of a short array, not a Set and two arrays per call.

/** The users of `facts` (renders, feed answers), each once, in the order they first appear. */
export function distinctUsers(facts: readonly { user: string }[]): string[] {
  const out: string[] = [];
  for (const f of facts) if (!out.includes(f.user)) out.push(f.user);
  return out;
}

/** The users of the renders after `seq`, each once, in the order they first appear. */
export function distinctUsersAfter(facts: readonly { user: string; seq: number }[], seq: number): string[] {
  const out: string[] = [];
  for (const f of facts) if (f.seq > seq && !out.includes(f.user)) out.push(f.user);
  return out;
}

/** The items of `writes`, each once, in the order they first appear. */
export function distinctItems(writes: readonly { uuid: string }[]): string[] {
  const out: string[] = [];
  for (const w of writes) if (!out.includes(w.uuid)) out.push(w.uuid);
  return out;
}
