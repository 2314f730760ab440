// Text that came from a file, an argument or a URL may hold control characters: an ESC sequence
// can move the cursor, rewrite earlier lines or retitle the terminal. Everything such text passes
// through before reaching a terminal or an error message goes through here. Browser-safe.
import { MAX_ECHO_CHARS } from './limits';

// C0 controls, DEL, C1 controls, the bidirectional overrides and isolates (which reorder what is
// shown), line and paragraph separators, and lone surrogates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control or reordering character written as a visible escape (\x1b, \u202e). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * For JSON text (JSON.stringify output) bound for a terminal: the same characters, written as JSON
 * \uXXXX escapes, so the output stays valid JSON. (JSON.stringify already escapes C0 controls and lone
 * surrogates; it leaves DEL, C1 controls and the bidi characters raw.)
 */
export function escapeJsonControls(json: string): string {
  // A raw newline is the indentation's (inside strings JSON.stringify writes \n).
  return json.replace(UNSAFE, (c) => (c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Escaped and cut to `max` characters (with "..." when cut): for echoing a user's input in a message. */
export function echo(text: string, max = MAX_ECHO_CHARS): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return escapeControls(cut);
}

/** `echo` in double quotes, the form error messages use: unknown scenario "x". */
export function quoted(text: string, max = MAX_ECHO_CHARS): string {
  return `"${echo(text, max)}"`;
}
