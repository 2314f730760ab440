// The layered flow view at the current step as a standalone SVG (boxes, contents as text, the
// message as an arrow), drawn from the same model as the page, with the same boxes folded.
import type { FlowModel } from '../model/layerModel';
import { SVG_NS, svgEl } from './dom';
import { foldedName, foldQuietRows, isFolded } from '../model/quietRows';
import { GLYPH } from './palette';
import { svgDefs } from './svgStyle';
import { fit, FONT } from './timingLayout';

/** .fv-copy's font (svgStyle.ts). */
const COPY_FONT = '700 12px system-ui, -apple-system, "Segoe UI", sans-serif';

const W = 760;
const LINE_H = 16;

export function flowSvg(models: FlowModel[], titles: string[], sentences: string[]): SVGSVGElement {
  const svg = svgEl('svg', { xmlns: SVG_NS });
  svg.append(svgDefs(document));
  let x = 0;
  let maxH = 0;
  models.forEach((m, r) => {
    const g = svgEl('g', { transform: `translate(${x},0)` });
    let y = 20;
    g.append(svgEl('text', { class: 'td-run-title', x: 50, y }, fit(titles[r] ?? '', W - 60)));
    y += 16;
    g.append(svgEl('text', { class: 'fv-head', x: 50, y }, fit(sentences[r] ?? '', W - 60)));
    y += 12;
    const centres = new Map<string, number>();
    for (const x of foldQuietRows(m.rows, new Set())) {
      if (isFolded(x)) {
        g.append(svgEl('rect', { class: 'fv-box', x: 50, y, width: W - 60, height: 22, rx: 4, 'stroke-dasharray': '2 2' }));
        g.append(svgEl('text', { class: 'fv-head', x: 58, y: y + 15 }, fit(`${foldedName(x)}: ${x.heading} (each)`, W - 80)));
        y += 28;
        continue;
      }
      const row = x;
      const lines = row.lines.slice(0, 8);
      const h = 30 + lines.length * LINE_H + (row.more || row.lines.length > 8 ? LINE_H : 0);
      g.append(svgEl('rect', { class: row.role ? 'fv-box fv-box-active' : 'fv-box', x: 50, y, width: W - 60, height: h, rx: 4 }));
      g.append(svgEl('text', { class: 'fv-name', x: 58, y: y + 15 }, `${row.actor.label}${row.copies ? `  ${GLYPH.deleted} ${row.copies} stale cop${row.copies === 1 ? 'y' : 'ies'}` : ''}${row.olds ? `  ${GLYPH.back} ${row.olds} old version${row.olds === 1 ? '' : 's'}` : ''}`));
      g.append(svgEl('text', { class: 'fv-head', x: 58, y: y + 27 }, fit(row.heading, W - 80)));
      lines.forEach((l, i) => {
        let text = l.segs.map((s) => s.text).join('  ');
        // A flagged line is drawn bold (.fv-copy), so it is measured bold: measured plain, it ran past its box.
        const font = l.copy || l.old ? COPY_FONT : FONT;
        // A flagged line too long for the box leads with its mark (a cache key or URL would push it out of view).
        if (fit(text, W - 90, font) !== text && l.segs.some((s) => s.mark)) text = [...l.segs.filter((s) => s.mark), ...l.segs.filter((s) => !s.mark)].map((s) => s.text).join('  ');
        g.append(svgEl('text', { class: l.copy || l.old ? 'fv-copy' : 'fv-line', x: 66, y: y + 40 + i * LINE_H }, fit(text, W - 90, font)));
      });
      const hidden = row.more + Math.max(0, row.lines.length - 8);
      if (hidden) g.append(svgEl('text', { class: 'fv-head', x: 66, y: y + 40 + lines.length * LINE_H }, `… and ${hidden} more`));
      centres.set(row.actor.id, y + 15);
      y += h + 6;
    }
    if (m.message) {
      const y1 = centres.get(m.message.from);
      const y2 = centres.get(m.message.to);
      if (y1 !== undefined && y2 !== undefined) {
        g.append(svgEl('path', { class: 'fv-arrow', d: `M48,${y1} C20,${y1} 20,${y2} 46,${y2}`, 'marker-end': 'url(#td-head-http)' }));
      }
    }
    maxH = Math.max(maxH, y);
    x += W + 20;
    svg.append(g);
  });
  svg.setAttribute('width', String(x));
  svg.setAttribute('height', String(maxH + 10));
  svg.setAttribute('viewBox', `0 0 ${x} ${maxH + 10}`);
  svg.insertBefore(svgEl('rect', { x: 0, y: 0, width: x, height: maxH + 10, fill: '#fff' }), svg.children[1] ?? null);
  return svg;
}
