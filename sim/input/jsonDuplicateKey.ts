// JSON.parse keeps the last of two equal keys in an object without a word: in a hand-edited file
// `{"atMs": 0, "atMs": 3000}` would run at 3000 ms. YAML's reader refuses a repeated key; this finds
// one in JSON text (already known to be valid JSON) in one linear pass. Browser-safe.

export interface DuplicateKey {
  /** Where the repeated key is: the keys and indices down to it, the key last. */
  path: Array<string | number>;
  /** Offset of the repeated key's opening quote. */
  offset: number;
}

type Frame = { keys: Set<string>; key: string; expectKey: boolean } | { index: number };

/** The first key that an object of `text` has twice, or null. */
export function duplicateJsonKey(text: string): DuplicateKey | null {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = frames[frames.length - 1];
      if (top && 'keys' in top && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) return { path: [...frames.slice(0, -1).map((f) => ('keys' in f ? f.key : f.index)), key], offset: start };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (c === '{') frames.push({ keys: new Set(), key: '', expectKey: true });
    else if (c === '[') frames.push({ index: 0 });
    else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') {
      const top = frames[frames.length - 1];
      if ('keys' in top) top.expectKey = true;
      else top.index++;
    }
  }
  return null;
}
