// What an exported diagram says above itself: each run's verdict (as its run card words it) and the
// key to its marks. A file pasted into an incident report is read without the page around it, where
// the verdict and the legend live; without them a "◐ breaks …" mark or a hatched column is a riddle.
import { svgEl } from './dom';
import { FONT, wrap } from './timingLayout';

const LINE_H = 16;
const PAD = 10;

/**
 * Puts `verdicts` (one per run, "A: …") and `key` above what `svg` draws, wrapped to its width,
 * and makes the file that much taller. The verdicts go first: they are what the picture is of.
 * `title` names the picture (a browser's tab, a screen reader): the file's <title>, and its <desc>
 * says the verdicts, as text that is not split into wrapped lines.
 */
export function addCaption(svg: SVGSVGElement, title: string, verdicts: string[], key: string[]): SVGSVGElement {
  const w = Number(svg.getAttribute('width'));
  const h = Number(svg.getAttribute('height'));
  const lines: Array<{ text: string; cls: string }> = [];
  for (const v of verdicts) for (const l of wrap(v, w - 2 * PAD, '700 12px system-ui, -apple-system, "Segoe UI", sans-serif')) lines.push({ text: l, cls: 'cap-verdict' });
  for (const k of key) for (const l of wrap(k, w - 2 * PAD, FONT)) lines.push({ text: l, cls: 'cap-key' });
  const capH = PAD + lines.length * LINE_H + PAD;
  // Everything but the defs (styles, hatch, arrowheads) moves down below the caption.
  const body = svgEl('g', { transform: `translate(0,${capH})` });
  for (const c of [...svg.children]) if (c.tagName !== 'defs') body.append(c);
  const cap = svgEl('g', { class: 'cap' });
  cap.append(svgEl('rect', { x: 0, y: 0, width: w, height: capH, fill: '#fff' }));
  lines.forEach((l, i) => cap.append(svgEl('text', { class: l.cls, x: PAD, y: PAD + 12 + i * LINE_H }, l.text)));
  svg.prepend(svgEl('title', {}, title), svgEl('desc', {}, verdicts.join(' ')));
  svg.setAttribute('role', 'img');
  svg.append(cap, body);
  svg.setAttribute('height', String(h + capH));
  svg.setAttribute('viewBox', `0 0 ${w} ${h + capH}`);
  return svg;
}
