// Prose for a terminal that is read on a projector: broken at spaces to the window's width, so a
// word is never cut in two by the terminal's own wrapping; the trace's lines are left as they are.

/** `text` broken so no line passes `width` (a longer word, or a `quoted command`, stays whole); `first` starts it, `hang` starts each line after. */
export function wrapProse(text: string, width: number, first = '', hang = ' '.repeat(first.length)): string {
  if (!Number.isFinite(width)) return first + text;
  return text
    .split('\n')
    .map((para, p) => {
      const lines: string[] = [];
      let line = p === 0 ? first : hang;
      let empty = true;
      // A `quoted command` is one word: broken in two, it could not be copied whole.
      for (const word of para.match(/\S*`[^`]*`\S*|\S+/g) ?? []) {
        if (!empty && line.length + 1 + word.length > width) {
          lines.push(line);
          line = hang + word;
        } else line += (empty ? '' : ' ') + word;
        empty = false;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** The width to wrap prose to: the terminal's, at most 100; Infinity when stdout is not a terminal (a pipe, a file: the text as is). */
export function proseWidth(out: { isTTY?: boolean; columns?: number }): number {
  return out.isTTY ? Math.min(out.columns || 100, 100) : Infinity;
}
