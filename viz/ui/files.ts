// Files in and out: open a trace JSON with the file picker or by dropping it on the page, and
// download the diagrams as SVG and the trace as JSON.
import { MAX_FILE_BYTES } from '../../sim/input/limits';
import { el } from './dom';

/** Reads up to two files: one opens, a second one is compared with it. */
export function wireFileOpen(input: HTMLInputElement, overlay: HTMLElement, open: (files: Array<{ text: string; name: string }>) => void, fail: (msg: string) => void): void {
  const read = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []).slice(0, 2);
    if (!files.length) return;
    // The same limit as the CLI's, checked before reading: a huge file must not fill the tab's memory.
    const big = files.find((f) => f.size > MAX_FILE_BYTES);
    if (big) return fail(`could not open ${big.name}: it has ${big.size} bytes, more than the limit of ${MAX_FILE_BYTES}`);
    Promise.all(files.map((f) => f.text().then((text) => ({ text, name: f.name })))).then(open, (e: unknown) => fail(`could not read ${files.map((f) => f.name).join(', ')}: ${e instanceof Error ? e.message : String(e)}`));
  };
  input.addEventListener('change', () => {
    read(input.files);
    input.value = '';
  });
  let depth = 0;
  const hasFiles = (ev: DragEvent) => Array.from(ev.dataTransfer?.types ?? []).includes('Files');
  window.addEventListener('dragenter', (ev) => {
    if (!hasFiles(ev)) return;
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  window.addEventListener('dragover', (ev) => {
    if (hasFiles(ev)) ev.preventDefault();
  });
  window.addEventListener('drop', (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    depth = 0;
    overlay.hidden = true;
    read(ev.dataTransfer?.files);
  });
}

export function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** A file name from the run, e.g. "seed-broken_broken_seed-7". */
export function baseName(parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 120);
}

/** The SVG drawn on a canvas (2x for sharp text) and encoded as PNG. Browsers cap a canvas near 32,000 px a side. */
export async function svgToPng(svg: SVGSVGElement): Promise<Blob> {
  const w = Number(svg.getAttribute('width'));
  const h = Number(svg.getAttribute('height'));
  const scale = Math.min(2, 32000 / Math.max(w, h, 1));
  if (scale < 0.25) throw new Error(`the diagram is ${Math.round(h)} px tall, too tall for a PNG; export it as SVG instead`);
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('the browser could not draw the SVG'));
      img.src = url;
    });
    const canvas = el('canvas', { width: Math.ceil(w * scale), height: Math.ceil(h * scale) });
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2D canvas in this browser');
    g.scale(scale, scale);
    g.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('the PNG could not be encoded'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
