// Lesson text into the page. Lessons write commands and names between backticks (as in their
// Markdown pages); those become <code> elements. Every piece goes in as a text node, never as
// markup, like everything else that comes from a trace or a lesson.
import { el } from '../ui/dom';

export function richText(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const parts = text.split('`');
  // An odd number of backticks leaves the last one unpaired: show it as written.
  const paired = parts.length % 2 === 1;
  parts.forEach((part, i) => {
    if (!part) return;
    if (i % 2 === 1 && (paired || i < parts.length - 1)) out.append(el('code', {}, part));
    else out.append(document.createTextNode(i % 2 === 1 ? `\`${part}` : part));
  });
  return out;
}

export const LETTERS = 'ABCDEFGH';

export function choiceText(choices: string[], i: number): string {
  return `(${LETTERS[i] ?? String(i + 1)}) ${choices[i] ?? '?'}`;
}

/** Marks that go with the palette's colours, so right and wrong never rest on colour alone. */
export const MARK = { right: '✔', wrong: '✖' } as const;
