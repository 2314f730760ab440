// Where a doc quotes a `cachelab` command, with the file and line a reader would find it at:
// Markdown's fenced code blocks (line by line, `\` continuations joined) and inline code spans
// (which may run over a line break within a paragraph; in a table row `\|` is a literal `|`);
// plain text such as the CLI's --help and the examples' comments (line by line; a `...` span in
// it is read as a span). Prose outside code is not a quote and is not read.

export interface Quote {
  file: string;
  line: number;
  /** From `cachelab` (or `npx cachelab`) to the end of its span or line. */
  text: string;
  /** A span that is only `cachelab <command>` names the command; a line or a fence runs it. */
  inSpan: boolean;
}

/** `cachelab` as a word (not bin/cachelab.js, not cachelab's), optionally after npx. */
const PROGRAM = /(?<![\w./-])(?:npx\s+)?cachelab(?=\s|$)/g;

/** Each `cachelab` in `segment`: its text to the segment's end, `tidy`-ed, and its line. */
function quotesIn(segment: string, file: string, lineAt: (offset: number) => number, inSpan: boolean, tidy = (t: string) => t): Quote[] {
  return [...segment.matchAll(PROGRAM)].map((m) => ({ file, line: lineAt(m.index), text: tidy(segment.slice(m.index)).trim(), inSpan }));
}

/** Inline code spans of `text` (CommonMark: a run of n backticks to the next run of exactly n). */
function spans(text: string): Array<{ start: number; content: string }> {
  const found: Array<{ start: number; content: string }> = [];
  const re = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;
  for (const m of text.matchAll(re)) found.push({ start: m.index + m[1].length, content: m[2] });
  return found;
}

export function markdownQuotes(file: string, text: string): Quote[] {
  const lines = text.split('\n');
  const quotes: Quote[] = [];
  let fence: string | null = null;
  let para: number[] = [];
  const flush = () => {
    if (!para.length) return;
    const joined = para.map((i) => lines[i]).join('\n');
    const starts = para.map((_, k) => para.slice(0, k).reduce((n, i) => n + lines[i].length + 1, 0));
    const lineAt = (offset: number) => para[starts.filter((s) => s <= offset).length - 1] + 1;
    const inTable = lines[para[0]].trimStart().startsWith('|');
    const tidy = (t: string) => (inTable ? t.replaceAll('\\|', '|') : t).replaceAll('\n', ' ');
    for (const s of spans(joined)) quotes.push(...quotesIn(s.content, file, (at) => lineAt(s.start + at), true, tidy));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(lines[i])?.[1];
    if (fence !== null) {
      if (marker?.startsWith(fence)) fence = null;
      else {
        let line = lines[i];
        const at = i;
        while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i].trim();
        quotes.push(...quotesIn(line, file, () => at + 1, false));
      }
      continue;
    }
    if (marker) {
      flush();
      fence = marker;
    } else if (lines[i].trim() === '') flush();
    else para.push(i);
  }
  flush();
  return quotes;
}

/** Plain text: each line, its backtick spans read as spans and the text between them as lines. */
export function plainQuotes(file: string, text: string): Quote[] {
  return text.split('\n').flatMap((line, i) => line.split('`').flatMap((part, k) => quotesIn(part, file, () => i + 1, k % 2 === 1)));
}
