// The key to the diagrams' marks, said once. The page's legends and an exported picture's caption
// are both made from it: when they were written twice they drifted (the page said a hatched column
// marks "an old version of a created or edited one", the file "lacks a created one").
import { GLYPH } from './palette';

/** A coloured or hatched sample on the page (its CSS class); in a file, its label and colour word. */
interface Swatch {
  cls: string;
  label: string;
  colour?: string;
}

type Part = string | Swatch;

/** One mark and what it means; `on` keeps a sentence to the page (it names the page's controls) or to a file. */
interface Entry {
  parts: Part[];
  on?: 'page' | 'file';
}

/** Entries of a line are joined by " · "; a line ends with a full stop. */
type KeyLine = Entry[];

const e = (...parts: Part[]): Entry => ({ parts });
const onPage = (...parts: Part[]): Entry => ({ parts, on: 'page' });
const inFile = (...parts: Part[]): Entry => ({ parts, on: 'file' });

export const TIMING_KEY: KeyLine[] = [
  [e('Arrows: ', { cls: 'k k-http', label: 'HTTP', colour: 'blue' }, ', ', { cls: 'k k-cache', label: 'Django cache', colour: 'orange' }, ', ', { cls: 'k k-db', label: 'database', colour: 'purple' }, ', ', { cls: 'k k-calendar', label: 'FullCalendar', colour: 'green' })],
  [
    e({ cls: 'legend-band legend-layer', label: 'hatched column' }, ' = that layer holds a copy of a deleted item, an old version of an edited one, or an answer that lacks a created one'),
    e({ cls: 'legend-band', label: 'hatched lane' }, ' on the right = an invariant is broken (named)'),
  ],
  [
    e(`${GLYPH.back} a deleted item reappears, or a created or edited one goes back to before its write`),
    e(`${GLYPH.deleted} delete committed`),
    e(`${GLYPH.stale} stale = a stale copy served`),
    e(`${GLYPH.stale} breaks … = where an invariant breaks, in a run where nothing comes back`),
    e(`${GLYPH.diff} first difference between the runs`),
    inFile('highlighted row = the step shown'),
  ],
  [onPage("The selected step: its causes are marked blue and its effects orange, here and in the flow view; a layer that changed at this step says so")],
  [e("Time: 0 ms is the user's Delete click (in a run of creates and edits, the first of them); negative times are the page loading before it")],
  [onPage('Click an event to jump to it')],
];

export const FLOW_KEY: KeyLine[] = [
  [
    e(`${GLYPH.deleted} N beside a layer's name = the copies of a deleted item it holds`),
    e(`${GLYPH.back} N = its copies wrong about a write (an old version, or an answer that lacks a created item)`),
    inFile("highlighted boxes = the layers of this step's message (the arrow)"),
  ],
  [
    e(`${GLYPH.fresh} fresh (HTTP), ${GLYPH.stale} stale (HTTP) = a browser's stored answer within, or past, its freshness lifetime (past it, the browser asks the server)`),
    e(`${GLYPH.expired} a cache entry expired, or under an older version of the key`),
    e(`${GLYPH.worker} the Django worker that handles a request`),
  ],
  [onPage("The step's message is the arrow in the left margin, from its sender (dashed border) to its receiver (solid border); a dot there marks a layer acting on its own; a blue or orange edge on a box marks a cause or an effect of the selected step")],
];

function kept(line: KeyLine, where: 'page' | 'file'): Entry[] {
  return line.filter((x) => x.on === undefined || x.on === where);
}

/** The caption lines of an exported picture: plain text, a swatch said by its colour. */
export function keyText(key: KeyLine[]): string[] {
  const lines = key.map((l) => kept(l, 'file')).filter((l) => l.length > 0);
  return lines.map((l, i) => `${i === 0 ? 'Key — ' : ''}${upper(l.map((x) => x.parts.map((p) => (typeof p === 'string' ? p : p.colour ? `${p.label} (${p.colour})` : p.label)).join('')).join(' · '))}.`);
}

const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Fills a page legend with the key: a swatch as a styled span, everything else as text. */
export function renderKey(target: HTMLElement, key: KeyLine[]): void {
  const nodes: Array<Node | string> = [];
  const lines = key.map((l) => kept(l, 'page')).filter((l) => l.length > 0);
  lines.forEach((l, i) => {
    if (i > 0) nodes.push(' ');
    l.forEach((x, j) => {
      if (j > 0) nodes.push(' · ');
      for (const p of x.parts) {
        if (typeof p === 'string') nodes.push(p);
        else {
          const span = target.ownerDocument.createElement('span');
          span.className = p.cls;
          span.textContent = p.label;
          nodes.push(span);
        }
      }
    });
    nodes.push('.');
  });
  target.replaceChildren(...nodes);
}
