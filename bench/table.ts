// The table `npm run bench` prints: sections of rows, columns padded to their widest cell.
export interface Section {
  title: string;
  header: string[];
  rows: string[][];
}

export function fmt(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined) return '-';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function renderSections(sections: Section[]): string {
  const out: string[] = [];
  for (const s of sections) {
    const all = [s.header, ...s.rows];
    const widths = s.header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
    const line = (r: string[]) => r.map((cell, c) => (c === 0 ? (cell ?? '').padEnd(widths[c]) : (cell ?? '').padStart(widths[c]))).join('  ').trimEnd();
    out.push(`== ${s.title}`);
    out.push(line(s.header));
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of s.rows) out.push(line(r));
    out.push('');
  }
  return out.join('\n');
}
