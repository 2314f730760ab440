// JSON from a file someone hands us, parsed only after its size and nesting depth are known to be
// within the limits: one linear pass over the text, no recursion, so a file of a million "["
// cannot exhaust the stack of whatever walks the parsed value afterwards. Browser-safe.
import { MAX_FILE_BYTES, MAX_JSON_DEPTH } from './limits';
import { escapeControls } from './terminalText';

export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

/** Deepest nesting of objects and arrays in JSON text (strings skipped); stops counting past `stopAt`. */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > stopAt) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Parses `text` as JSON after checking its length and depth. `what` names the file's kind in the
 * messages ("a trace"). Throws InputFileError with one line.
 */
export function parseJsonText(text: string, what: string, limits = { maxChars: MAX_FILE_BYTES, maxDepth: MAX_JSON_DEPTH }): unknown {
  if (text.length > limits.maxChars) throw new InputFileError(`not ${what}: the file has ${text.length} characters, more than the limit of ${limits.maxChars}`);
  if (jsonDepth(text, limits.maxDepth) > limits.maxDepth) throw new InputFileError(`not ${what}: the JSON nests deeper than the limit of ${limits.maxDepth} levels`);
  try {
    // JSON.parse makes "__proto__" an own key, but code that copies with Object.assign or a
    // validator that rebuilds objects would set a prototype from it: refuse it. The reviver costs
    // a few times the parse, so it only runs when the text could spell the key (plainly or escaped).
    if (text.includes('__proto__') || text.includes('\\u')) {
      return JSON.parse(text, (key, value: unknown) => {
        if (key === '__proto__') throw new InputFileError(`not ${what}: the file has a key named "__proto__"`);
        return value;
      }) as unknown;
    }
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    // V8's message quotes a piece of the input: escape it, and keep it to one line.
    throw new InputFileError(`not ${what}: the file is not valid JSON (${escapeControls(String((e as Error).message)).slice(0, 200)})`);
  }
}
