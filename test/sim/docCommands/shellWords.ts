// The words of the first command in a quoted shell line, as sh would split them (quotes and
// backslashes), up to where that command ends: a pipe, `;`, `&&`, `||`, `&`, a redirection, a
// parenthesis, a `#` comment, or the `->` the docs use for "prints". What is not a word of a
// real command is marked so the caller can skip the line: an angle-bracket placeholder
// (`<scenario>`, `<IANA zone>`) and alternatives written `a|b` (a real pipe has spaces around it
// in every doc). Shell expansions ($i, ${{ matrix.shard }}, $((...))) go through `expand`.

export interface Word {
  text: string;
  /** Why this is not a literal argument: 'a <placeholder>', 'alternatives a|b'; null when it is one. */
  placeholder: string | null;
  /** The shell expansions in it, as written. */
  expansions: string[];
}

/** The end of a `$...` expansion starting at `i`, or -1. */
function expansionEnd(text: string, i: number): number {
  const through = (close: string) => {
    const j = text.indexOf(close, i);
    return j < 0 ? -1 : j + close.length;
  };
  if (text.startsWith('$((', i)) return through('))');
  if (text.startsWith('${{', i)) return through('}}');
  if (text.startsWith('${', i)) return through('}');
  const m = /^\$(\w+|[?#$!])/.exec(text.slice(i));
  return m ? i + m[0].length : -1;
}

export function firstCommand(text: string, expand: (expansion: string) => string): Word[] {
  const words: Word[] = [];
  let cur: Word | null = null;
  const word = () => (cur ??= { text: '', placeholder: null, expansions: [] });
  const endWord = () => {
    if (cur) words.push(cur);
    cur = null;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (/\s/.test(c)) {
      endWord();
      i++;
    } else if (cur === null && (c === '#' || text.startsWith('->', i))) break;
    else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      word().text += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '\\') {
      word().text += text[i + 1] ?? '';
      i += 2;
    } else if (c === '$' && expansionEnd(text, i) > i) {
      const end = expansionEnd(text, i);
      const w = word();
      w.expansions.push(text.slice(i, end));
      w.text += expand(text.slice(i, end));
      i = end;
    } else if (c === '|' && cur !== null && i + 1 < text.length && !/[\s|]/.test(text[i + 1])) {
      word().text += c;
      word().placeholder ??= 'alternatives a|b';
      i++;
    } else if (c === '<' && text.indexOf('>', i) > i) {
      const close = text.indexOf('>', i);
      word().text += text.slice(i, close + 1);
      word().placeholder ??= 'a <placeholder>';
      i = close + 1;
    } else if ('|;&<>()`'.includes(c)) {
      // `2>` redirects stderr: the 2 is not an argument.
      if (c === '>' && cur !== null && /^\d$/.test((cur as Word).text)) cur = null;
      break;
    } else {
      word().text += c;
      i++;
    }
  }
  endWord();
  return words;
}
