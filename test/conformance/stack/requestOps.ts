// One request's operations in the model beside the real view's: where a Python view is not one
// call for one of its TypeScript twin (a loop of cache.delete for deleteMany, QuerySet.delete()'s
// COMMIT of its own, a call left out), said as the place they part, for the user to fix.

export interface NamedOp {
  kind: 'cache' | 'db';
  /** `cache.get <key>`, `DELETE`, `COMMIT`: what the user recognises in their view. */
  what: string;
}

const MAX_LISTED = 12;

function list(ops: readonly NamedOp[]): string {
  const names = ops.map((o) => o.what || o.kind);
  return names.length <= MAX_LISTED ? names.join(', ') : `${names.slice(0, MAX_LISTED).join(', ')}, ... (${names.length} in all)`;
}

function ordinal(k: number): string {
  const tail = k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${k}${tail}`;
}

/** The cache method of `cache.deleteMany k`, as Python spells it (delete_many). */
function method(what: string): string {
  return what.split(' ')[0].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** One call for one: the same kind and, for the cache, the same method (a statement's SQL may differ: Django's is not the model's words). */
function same(model: NamedOp, real: NamedOp): boolean {
  if (model.kind !== real.kind) return false;
  return model.kind === 'db' || !model.what || !real.what || method(model.what) === method(real.what);
}

/** Requests that parted alike (the same view, the same operations) in one line: "requests 16, 17 (workers 1, 2)". */
export function sameLines(parted: ReadonlyArray<{ request: number; worker: number; view: string; line: string }>): string[] {
  const byLine = new Map<string, Array<{ request: number; worker: number; view: string; line: string }>>();
  for (const p of parted) byLine.set(`${p.view}\n${p.line}`, [...(byLine.get(`${p.view}\n${p.line}`) ?? []), p]);
  return [...byLine.entries()].map(([key, ps]) => {
    const view = key.split('\n')[0];
    const workers = [...new Set(ps.map((p) => p.worker))];
    const who = `${view ? `the real ${view}` : 'a real view'} (request${ps.length > 1 ? 's' : ''} ${ps.map((p) => p.request).join(', ')}; worker${workers.length > 1 ? 's' : ''} ${workers.join(', ')})`;
    return `${who} ${ps[0].line}`;
  });
}

/** null when the real view ran the model's operations one for one (same()); else the rest of a sentence (after who made them) naming the first difference. */
export function requestOpsDiffer(model: readonly NamedOp[], real: readonly NamedOp[]): string | null {
  let i = 0;
  while (i < model.length && i < real.length && same(model[i], real[i])) i++;
  if (i === model.length && i === real.length) return null;
  const where =
    i === model.length
      ? `after the model's last, the real view went on with ${real[i].what || real[i].kind}`
      : i === real.length
        ? `the real view stopped before the model's ${ordinal(i + 1)}, ${model[i].what || model[i].kind}`
        : `at the ${ordinal(i + 1)}, the real view ran ${real[i].what || real[i].kind} (${real[i].kind}) where the model's ran ${model[i].what || model[i].kind} (${model[i].kind})`;
  // The slip the docs name: Python's loop of deletes where the model's view made one deleteMany.
  const loop = model.some((o) => o.what === 'cache.deleteMany') && real.filter((o) => o.what.startsWith('cache.delete ')).length > 1 ? ' (a loop of cache.delete is many operations; deleteMany is one: cache.delete_many(keys))' : '';
  return `made ${real.length} operation(s), its TypeScript twin ${model.length}: ${where}${loop}. Model: ${list(model) || 'none'}. Real: ${list(real) || 'none'}. Write one Django call for each of the TypeScript view's, in the same order (docs/your-own-fix.md, "On the real stack")`;
}
