// Where JSON text goes wrong, for the errors V8 reports without a position: `Unexpected token ']',
// "...2000 },\n  ]\n}" is not valid JSON` (a trailing comma, the commonest slip in a hand-edited
// file) named no line. A prefix of the text either could still become valid JSON or already holds
// the mistake, and once it holds it every longer prefix does: a binary search over prefix lengths
// finds the first character that cannot be right. Browser-safe; only used after JSON.parse failed.

/** Whether JSON.parse of a prefix failed only because the text ends there. */
function couldContinue(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (e) {
    const message = (e as Error).message;
    if (/^Unexpected end of JSON input/.test(message)) return true;
    // "Unterminated string in JSON at position 4" for '["ab': the position is the end of the prefix.
    const at = /at position (\d+)/.exec(message);
    return at !== null && Number(at[1]) >= prefix.length;
  }
}

/** The offset of the first character of `text` that no valid JSON could have there, or null if there is none. */
export function jsonErrorOffset(text: string): number | null {
  if (couldContinue(text)) return null;
  // Invariant: the prefix of length lo could continue, the prefix of length hi cannot.
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (couldContinue(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

/** The offset of a comma just before the closing bracket at `offset` (whitespace between), or null: JSON allows none, JavaScript and YAML do. */
export function trailingCommaBefore(text: string, offset: number): number | null {
  if (text[offset] !== ']' && text[offset] !== '}') return null;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : null;
}
