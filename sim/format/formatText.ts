// `--format text`: the flow as a story, one paragraph per moment, indented by layer, with what a
// cache or the database holds after it changed.
import type { JsonObject } from '../../src/json';
import type { ActorKind, Trace } from '../trace';
import { formatHeader, formatOutcome } from './formatOutcome';

const LAYER_ORDER: ActorKind[] = ['user', 'calendar', 'browser', 'network', 'worker', 'cache', 'db'];

function holds(actorKind: ActorKind | undefined, content: JsonObject, t: number): string | null {
  if (actorKind === 'cache') {
    const entries = (content.entries as Array<{ key: string; value: unknown; expiresAtMs: number | null }>) ?? [];
    if (!entries.length) return 'holds nothing';
    return `holds ${entries.length} key(s): ${entries
      .slice(0, 4)
      .map((e) => `${e.key}${Array.isArray(e.value) ? ` [${e.value.length} events]` : ` = ${JSON.stringify(e.value)}`}${e.expiresAtMs === null ? '' : ` (expires in ${Math.round((e.expiresAtMs - t) / 1000)} s)`}`)
      .join('; ')}${entries.length > 4 ? '; ...' : ''}`;
  }
  if (actorKind === 'browser') {
    const entries = (content.entries as Array<{ url: string; fresh: boolean }>) ?? [];
    return entries.length ? `holds ${entries.length} response(s), ${entries.filter((e) => e.fresh).length} fresh` : 'holds nothing';
  }
  return null;
}

export function formatText(trace: Trace): string {
  const kindOf = new Map(trace.actors.map((a) => [a.id, a.kind] as const));
  const out: string[] = [formatHeader(trace), ''];
  let lastT: number | null = null;
  for (const e of trace.events) {
    if (e.t !== lastT) {
      out.push(`At ${e.t} ms:`);
      lastT = e.t;
    }
    const kind = kindOf.get(e.actor);
    const depth = Math.max(0, LAYER_ORDER.indexOf(kind ?? 'db'));
    const pad = '  '.repeat(1 + Math.min(depth, 3));
    out.push(`${pad}[${e.actor}] ${e.label}`);
    if (e.after && e.type !== 'sim.start') {
      for (const [actor, content] of Object.entries(e.after)) {
        const h = holds(kindOf.get(actor), content, e.t);
        if (h) out.push(`${pad}  -> ${actor} ${h}`);
      }
    }
  }
  out.push('', formatOutcome(trace), '');
  return out.join('\n');
}
