// The head of a run's column: where it came from, its outcome in one line (cause chains folded
// away), the invariants it violates, then the step's sentence, an alert while a deleted item is
// on screen, and the layered flow view below.
import { causeSeqs } from '../../sim/invariants/traceFacts';
import { staleBands, type Bands, type Violation } from '../model/staleBands';
import type { TraceIndex } from '../model/traceIndex';
import { unseenBreaks, type UnseenBreak } from '../model/unseenBreaks';
import { el } from './dom';
import { GLYPH } from './palette';

export interface RunCard {
  root: HTMLElement;
  sentence: HTMLElement;
  now: HTMLElement;
  flow: HTMLElement;
  verdict: Verdict;
}

/**
 * back / stuck / gone: a deleted item; reverted / unseen / written: a create or edit (a run with both:
 * the worse, the delete's on a tie; `kinds` has both); served: every calendar was right, but the run
 * breaks an invariant no render showed (a feed answer after the commit still held the old data).
 */
export type VerdictKind = 'back' | 'stuck' | 'gone' | 'reverted' | 'unseen' | 'written' | 'served' | 'none';

export interface Verdict {
  kind: VerdictKind;
  /** The delete's kind, then the writes' (one of them when the run has only one sort of change). */
  kinds: VerdictKind[];
  /** The whole line: `parts` joined. */
  text: string;
  /** One part per sort of change: the deletes', then the writes'. */
  parts: string[];
  chains: string[];
  /** Invariants broken where no calendar showed it, each with the event that broke it (the "Where it breaks" jump). */
  unseen: UnseenBreak[];
}

/** How bad each kind is: something came back, then something never showed right, then all was well. */
const RANK: Record<VerdictKind, number> = { back: 4, reverted: 4, stuck: 3, unseen: 3, served: 2, gone: 1, written: 1, none: 0 };

export function renderRunCard(x: TraceIndex, r: number, bands: Bands, jump: (seq: number) => void = () => {}): RunCard {
  const verdict = verdictOf(x, bands.violations);
  const root = el(
    'article',
    { class: 'run', 'data-testid': `run-${r}`, 'aria-label': `Run ${x.name}: ${x.source}` },
    el('header', { class: 'run-head' }, el('h2', {}, `Run ${x.name}`), el('span', { class: 'run-source', 'data-testid': `source-${r}` }, x.source)),
    el('p', { class: `verdict verdict-${verdict.kind}`, 'data-testid': `verdict-${r}`, 'data-verdict': verdict.kind, 'data-verdicts': verdict.kinds.join(' ') }, ...(verdict.parts.length > 1 ? verdict.parts.map((t) => el('span', { class: 'verdict-part' }, t)) : verdict.parts)),
    invariantsLine(bands, r),
  );
  const chains = whyChains(x);
  if (chains.length) {
    // Each link jumps to its event in the diagrams.
    const why = el('details', { class: 'chains', 'data-testid': `why-${r}` }, el('summary', {}, 'Why: the chain of causes, newest first'));
    for (const c of chains) {
      const ol = el('ol', { class: 'why-chain' });
      for (const seq of c) {
        const e = x.events[seq];
        if (!e) continue;
        const a = el('a', { href: '#', 'data-testid': 'why-link', 'data-seq': seq }, `${e.t} ms · ${e.type}: ${e.label}`);
        a.addEventListener('click', (ev) => {
          ev.preventDefault();
          jump(seq);
        });
        ol.append(el('li', {}, a));
      }
      why.append(ol);
    }
    root.append(why);
  } else if (verdict.chains.length) {
    const why = el('details', { class: 'chains' }, el('summary', {}, 'Why: the chain of causes, newest first'));
    for (const c of verdict.chains) why.append(el('p', { class: 'mono' }, c));
    root.append(why);
  }
  // Not live regions: the step bar says the step, these sentences included, in one announcement.
  const sentence = el('p', { class: 'sentence', 'data-testid': `sentence-${r}` });
  const now = el('p', { class: 'now', 'data-testid': `now-${r}`, hidden: true });
  const flow = el('div', { class: 'flow', 'data-testid': `flow-${r}`, role: 'region', 'aria-label': `Layered flow of run ${x.name}` });
  root.append(sentence, now, flow);
  return { root, sentence, now, flow, verdict };
}

function invariantsLine(bands: Bands, r: number): HTMLElement {
  const broken = new Map<string, { statement: string; users: Set<string> }>();
  for (const v of bands.violations) {
    const b = broken.get(v.invariant) ?? { statement: v.statement, users: new Set<string>() };
    if (v.user) b.users.add(v.user);
    broken.set(v.invariant, b);
  }
  const line = el('p', { class: 'invariants', 'data-testid': `invariants-${r}`, 'data-count': broken.size });
  if (!broken.size) {
    line.append(el('span', { class: 's-badge-fresh' }, `${GLYPH.fresh} every invariant holds`));
    return line;
  }
  line.append(el('span', { class: 'muted' }, bands.source === 'invariants' ? 'Invariants violated: ' : 'Violations (from the run outcome): '));
  for (const [name, b] of broken) line.append(el('span', { class: 's-badge-deleted', title: b.statement }, `${GLYPH.stale} ${name}${b.users.size ? ` (${[...b.users].join(', ')})` : ''}`), ' ');
  return line;
}

/** The cause chains (event seqs, newest first) of every resurrection the outcome records, then of every write that went back. */
function whyChains(x: TraceIndex): number[][] {
  const out: number[][] = [];
  const deletions = Array.isArray(x.trace.outcome?.deletions) ? x.trace.outcome.deletions : [];
  for (const d of deletions) for (const u of Array.isArray(d?.users) ? d.users : []) for (const res of Array.isArray(u?.resurrections) ? u.resurrections : []) if (Array.isArray(res?.causeSeqs) && res.causeSeqs.length) out.push(res.causeSeqs.filter((s: unknown): s is number => typeof s === 'number'));
  // An old version of a written item that came back: the same chain `run` prints, from the trace itself.
  for (const seq of x.writeBacks) out.push(causeSeqs(x.events, seq));
  return out.slice(0, 4);
}

/**
 * The run's outcome in one line; cause chains go into a details element of their own. A run with
 * both a delete and writes says both: the delete's outcome, then what `run` says of each write.
 * Where every calendar was right but the run breaks an invariant (`violations`, the checkers'), the
 * part says so and what broke it, so "stayed gone" never sits beside a failing chip unexplained.
 */
export function verdictOf(x: TraceIndex, violations: readonly Violation[] = staleBands(x.trace, x).violations): Verdict {
  const chains: string[] = [];
  const parts: Array<{ kind: VerdictKind; text: string }> = [];
  const unseen: UnseenBreak[] = [];
  const deleted = new Set(x.deletions.map((d) => d.uuid));
  const written = new Set(x.writes.map((w) => w.write.uuid));
  if (x.deletions.length) parts.push(unseenPart(deleteVerdict(x, chains), x, violations, (item) => deleted.has(item), unseen));
  // A write's lines (sim/writeOutcome.ts): with a delete too, only when some calendar said something of it.
  if (x.writes.length && (!x.deletions.length || x.writeLines.length)) parts.push(unseenPart(writeVerdict(x, chains), x, violations, (item) => written.has(item) && !deleted.has(item), unseen));
  if (!parts.length) {
    const lines = Array.isArray(x.trace.outcome?.summary) ? x.trace.outcome.summary.map(String) : [];
    const summary = lines.map((l) => cutChains(l, chains)).join(' · ');
    parts.push({ kind: 'none', text: summary || 'no item was deleted in this run' });
  }
  // Whatever no part covers (an invariant about another item, or none) is said when nothing else went wrong.
  if (parts.every((p) => RANK[p.kind] <= RANK.served)) {
    const said = new Set(unseen.map((u) => u.violation));
    const rest = unseenBreaks(x, violations.filter((v) => !said.has(v)), () => true);
    if (rest.length) {
      unseen.push(...rest);
      parts.push({ kind: 'served', text: `${GLYPH.stale} ${rest.length === 1 ? 'an invariant' : 'invariants'} broken where no calendar showed it: ${inWords(rest)}` });
    }
  }
  // The worse of the two leads the card's colour and the "Does it hold?" chip; on a tie, the delete's.
  const kind = parts.reduce((a, b) => (RANK[b.kind] > RANK[a.kind] ? b : a)).kind;
  const texts = parts.map((p) => p.text);
  return { kind, kinds: parts.map((p) => p.kind), text: texts.join(' · '), parts: texts, chains, unseen };
}

/** What every calendar's good outcome leaves unsaid: an invariant broken about the part's items, said before the outcome. */
function unseenPart(p: { kind: VerdictKind; text: string }, x: TraceIndex, violations: readonly Violation[], items: (uuid: string) => boolean, out: UnseenBreak[]): { kind: VerdictKind; text: string } {
  if (p.kind !== 'gone' && p.kind !== 'written') return p;
  const found = unseenBreaks(x, violations, items);
  if (!found.length) return p;
  out.push(...found);
  const good = p.kind === 'gone' ? 'stayed gone on every calendar' : 'shown as written on every calendar';
  // The part's own badge (● stayed gone · …) gives way to the one that says what went wrong.
  const rest = p.text.slice(p.text.indexOf(' · ') + 3);
  return { kind: 'served', text: `${GLYPH.stale} ${good}, but ${inWords(found)} · ${rest}` };
}

/** "worker 1's feed answer to A at 215 ms, …, still held "Site visit": fresh-after-commit; FullCalendar (A) ignored that answer: …", joined. */
function inWords(found: UnseenBreak[]): string {
  const shown = found.slice(0, 2).map((u) => `${u.what}: ${u.violation.invariant}; ${u.why ?? 'no calendar showed it'}`);
  return `${shown.join('; ')}${found.length > 2 ? `; and ${found.length - 2} more` : ''}`;
}

/** A run's deletes: the trace's outcome summary, led by the worst thing a user saw. */
function deleteVerdict(x: TraceIndex, chains: string[]): { kind: VerdictKind; text: string } {
  const lines = Array.isArray(x.trace.outcome?.summary) ? x.trace.outcome.summary.map(String) : [];
  const summary = lines.map((l) => cutChains(l, chains)).join(' · ');
  // The badge says every thing the summary says: in commit-race one user never loses the item
  // while another sees it come back, so both words lead the line.
  const deletions = Array.isArray(x.trace.outcome?.deletions) ? x.trace.outcome.deletions : [];
  const stuck = deletions.some((d) => Array.isArray(d?.users) && d.users.some((u) => u.vanishedAt === null && u.shownAtEnd));
  const back = x.resurrections.size > 0;
  const words = [stuck ? `${GLYPH.deleted} never disappeared` : null, back ? `${GLYPH.back} came back` : null].filter(Boolean).join(' and ');
  if (stuck) return { kind: 'stuck', text: `${words} · ${summary}` };
  if (back) return { kind: 'back', text: `${words} · ${summary}` };
  return { kind: 'gone', text: `${GLYPH.fresh} stayed gone · ${summary}` };
}

/**
 * A run's writes: what `run` says of each (sim/writeOutcome.ts), led by the worst thing a user saw.
 * The trace's own summary says only "no item was deleted in this run", which, above "Invariants
 * violated", read as "nothing went wrong"; beside a delete, it says nothing of the writes.
 */
function writeVerdict(x: TraceIndex, chains: string[]): { kind: VerdictKind; text: string } {
  const text = x.writeLines
    .map((l) => {
      const [head, ...users] = cutChains(l, chains).split(/\n\s+/);
      return `${head} ${users.join(' · ')}`;
    })
    .join(' · ');
  const users = x.writes.flatMap((w) => w.users);
  const reverted = x.writeBacks.size > 0;
  const unseen = users.some((u) => u.shownAt === null);
  const words = [reverted ? WRITE_WORDS.reverted : null, unseen ? WRITE_WORDS.unseen : null].filter(Boolean).join(' and ');
  if (reverted) return { kind: 'reverted', text: `${words} · ${text}` };
  if (unseen) return { kind: 'unseen', text: `${words} · ${text}` };
  return { kind: 'written', text: `${WRITE_WORDS.written} · ${text}` };
}

/** The badges of a write's verdict (the "Does it hold?" strip says them too). */
export const WRITE_WORDS = {
  reverted: `${GLYPH.back} went back to before the write`,
  unseen: `${GLYPH.deleted} never shown as written`,
  written: `${GLYPH.fresh} shown as written`,
} as const;

/** The badge of a run whose calendars were right while it broke an invariant unseen (the strip says it too). */
export const SERVED_WORDS = `${GLYPH.stale} broken where no calendar showed it`;

/** Removes " (a <- b (x) <- c)" groups from an outcome line, collecting them; parentheses nest. */
function cutChains(line: string, chains: string[]): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const open = line.indexOf(' (', i);
    if (open < 0) break;
    let depth = 0;
    let close = -1;
    for (let k = open + 1; k < line.length; k++) {
      if (line[k] === '(') depth++;
      else if (line[k] === ')' && --depth === 0) {
        close = k;
        break;
      }
    }
    if (close < 0) break;
    const inner = line.slice(open + 2, close);
    out += line.slice(i, open);
    if (inner.includes(' <- ')) chains.push(inner);
    else out += line.slice(open, close + 1);
    i = close + 1;
  }
  return out + line.slice(i);
}
