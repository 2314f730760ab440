// Styles of the SVG diagrams, kept inside each <svg> so an exported file looks the same as the
// page. Colours come from the palette; states also differ by shape, dash and hatching.
import { COLORS } from './palette';

export const SVG_STYLE = `
.td-lifeline { stroke: #c4c4c4; stroke-width: 1; }
.td-lifeline-user { stroke: #7a7a7a; stroke-dasharray: 5 3; }
.td-axis-label { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #4a4a4a; }
.td-break { stroke: #8a8a8a; fill: none; stroke-width: 1.2; }
.td-break-line { stroke: #d0d0d0; stroke-dasharray: 2 4; }
.td-break-label { font: italic 12px system-ui, sans-serif; fill: #666; }
.td-arrow { stroke-width: 1.4; fill: none; }
.td-dot { stroke: #fff; stroke-width: 1; }
.td-label { font: 12px system-ui, -apple-system, Segoe UI, sans-serif; fill: #222; }
.td-hit { fill: transparent; cursor: pointer; }
.ev:hover .td-hit { fill: rgba(0, 114, 178, 0.08); }
.ev.current .td-label { font-weight: 700; }
.ev.current .td-arrow { stroke-width: 3; }
.ev.current .td-dot { stroke: #000; stroke-width: 2; }
.td-cursor { fill: #fff1a8; stroke: #9a7b00; stroke-width: 1; }
.td-band { fill: url(#td-hatch); stroke: ${COLORS.vermillion}; stroke-width: 1.2; }
.td-band-label { font: 700 12px system-ui, sans-serif; fill: #7a2e00; }
.td-band-label-bg { fill: #fff; stroke: ${COLORS.vermillion}; stroke-width: 1; }
.td-mark-back { fill: ${COLORS.vermillion}; stroke: #1b1b1b; stroke-width: 1; }
.td-mark-back-label { font: 700 12px system-ui, sans-serif; fill: #7a2e00; }
.td-mark-deleted { fill: none; stroke: ${COLORS.purple}; stroke-width: 2.2; }
.td-mark-stale { fill: ${COLORS.orange}; stroke: #1b1b1b; stroke-width: 1; }
.td-diff { stroke: ${COLORS.purple}; stroke-dasharray: 7 3; stroke-width: 2; }
.td-diff-label { font: 700 12px system-ui, sans-serif; fill: #7d2f5f; }
.td-run-title { font: 700 13px system-ui, sans-serif; fill: #111; }
.td-actor-label { font: 600 12px system-ui, sans-serif; fill: #222; }
.td-folded-label { font-weight: 400; font-style: italic; fill: #555; }
.td-inv-head { font: 600 12px system-ui, sans-serif; fill: #7a2e00; }
.td-layer-stale { fill: url(#td-hatch); opacity: 0.35; }
.ev.cause .td-hit { fill: rgba(0, 114, 178, 0.16); }
.ev.effect .td-hit { fill: rgba(230, 159, 0, 0.22); }
.td-run-sep { stroke: #888; stroke-width: 1; }
.td-worker-tag-bg { fill: #eef6fc; stroke: ${COLORS.blue}; stroke-width: 1; }
.td-worker-tag-text { font: 600 12px system-ui, sans-serif; fill: #00486f; }
.fv-box { fill: #f7f7f7; stroke: #9a9a9a; }
.fv-box-active { fill: #fff1a8; stroke: #1b1b1b; stroke-width: 2; }
.fv-name { font: 700 12px system-ui, sans-serif; fill: #111; }
.fv-head { font: 12px system-ui, sans-serif; fill: #555; }
.fv-line { font: 12px system-ui, sans-serif; fill: #222; }
.fv-copy { font: 700 12px system-ui, sans-serif; fill: #7a2e00; }
.cap-verdict { font: 700 12px system-ui, -apple-system, Segoe UI, sans-serif; fill: #7a2e00; }
.cap-key { font: 12px system-ui, -apple-system, Segoe UI, sans-serif; fill: #333; }
.fv-arrow { stroke: ${COLORS.blue}; stroke-width: 2.5; fill: none; }
`;

/** Hatch pattern and arrowheads used by the diagrams. */
export function svgDefs(doc: Document): SVGDefsElement {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = doc.createElementNS(ns, 'defs');
  const style = doc.createElementNS(ns, 'style');
  style.textContent = SVG_STYLE;
  defs.append(style);
  const pat = doc.createElementNS(ns, 'pattern');
  pat.setAttribute('id', 'td-hatch');
  pat.setAttribute('width', '6');
  pat.setAttribute('height', '6');
  pat.setAttribute('patternUnits', 'userSpaceOnUse');
  pat.setAttribute('patternTransform', 'rotate(45)');
  const bg = doc.createElementNS(ns, 'rect');
  bg.setAttribute('width', '6');
  bg.setAttribute('height', '6');
  bg.setAttribute('fill', '#fde3cf');
  const stripe = doc.createElementNS(ns, 'line');
  stripe.setAttribute('x1', '0');
  stripe.setAttribute('y1', '0');
  stripe.setAttribute('x2', '0');
  stripe.setAttribute('y2', '6');
  stripe.setAttribute('stroke', COLORS.vermillion);
  stripe.setAttribute('stroke-width', '2.5');
  pat.append(bg, stripe);
  defs.append(pat);
  for (const [id, color] of Object.entries(ARROW_COLORS)) {
    const m = doc.createElementNS(ns, 'marker');
    m.setAttribute('id', `td-head-${id}`);
    m.setAttribute('viewBox', '0 0 10 10');
    m.setAttribute('refX', '9');
    m.setAttribute('refY', '5');
    m.setAttribute('markerWidth', '7');
    m.setAttribute('markerHeight', '7');
    m.setAttribute('orient', 'auto-start-reverse');
    const p = doc.createElementNS(ns, 'path');
    p.setAttribute('d', 'M0,0 L10,5 L0,10 z');
    p.setAttribute('fill', color);
    m.append(p);
    defs.append(m);
  }
  return defs;
}

export const ARROW_COLORS: Record<string, string> = {
  http: COLORS.blue,
  cache: COLORS.orange,
  db: COLORS.purple,
  calendar: COLORS.green,
  user: COLORS.ink,
  other: COLORS.grey,
};

export function arrowKey(type: string): string {
  const ns = type.split('.')[0];
  if (ns === 'htmx') return 'http';
  if (ns === 'page') return 'calendar';
  return ns in ARROW_COLORS ? ns : 'other';
}
