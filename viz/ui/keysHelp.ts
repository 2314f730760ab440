// The page's keys on one card, opened with `?` or the header's "Keys" button. The Guide tells the
// same in prose but waits while a question does (its examples end the course's runs); this card
// holds only keys, so it opens at any time, a question waiting included.
import { el } from './dom';

/** Each key (as printed on the key) and what it does here, in the order a newcomer needs them. */
export const PAGE_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['← →', 'previous / next step (also on a drop-down)'],
  ['Home End', 'first / last step'],
  ['Space', 'play / pause, except on a button, link or field (it presses that) and in the timing diagram (below)'],
  ['/', 'Find a step; there Enter and Shift+Enter go to the next and previous match'],
  ['Tab', 'every control; the timing diagram is one stop, on the current step\'s event'],
  ['↑ ↓', 'in the timing diagram: the previous / next event (Page Up, Page Down: ten at a time; Home, End: either end)'],
  ['Enter Space', 'in the timing diagram: go to that event\'s step'],
  ['Shift+← →', 'scroll the timing diagram sideways'],
  ['Esc', 'close a dialog, Edit or the lesson list; hide the guided tour (a waiting question stays)'],
  ['?', 'this card'],
];

export function openKeysHelp(doc: Document): void {
  if (doc.querySelector('dialog[data-testid="keys-help"]')) return;
  const close = el('button', { type: 'button', 'data-testid': 'keys-close' }, 'Close');
  const rows = PAGE_KEYS.map(([key, what]) => el('tr', {}, el('th', { scope: 'row' }, el('kbd', {}, key)), el('td', {}, what)));
  const table = el('table', { class: 'keys-table' }, el('caption', { class: 'visually-hidden' }, 'Keys and what they do'), el('tbody', {}, ...rows));
  const dialog = el(
    'dialog',
    { class: 'doc keys-help', 'data-testid': 'keys-help', 'aria-labelledby': 'keys-help-title' },
    el('header', { class: 'doc-head' }, el('strong', { id: 'keys-help-title' }, 'Keys'), close),
    table,
    el('p', { class: 'keys-more muted' }, 'More, with screen readers and zoom: the Guide, "Keyboard, screen readers and zoom" (docs/visualizer.md).'),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  doc.body.append(dialog);
  dialog.showModal();
}

/** Input types that take no typed text: `?` on a tour's choice (a radio) still opens the card. */
const NOT_TEXT = new Set(['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'file', 'color']);

/** Where `?` is a character being typed: a text field, a text area, a drop-down's type-to-select. */
function takesText(t: HTMLElement): boolean {
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
  return t.tagName === 'INPUT' && !NOT_TEXT.has((t as HTMLInputElement).type);
}

/** `?` opens the card, except where it is typed as text or a dialog is open. */
export function installKeysHelp(doc: Document): void {
  doc.addEventListener('keydown', (ev) => {
    if (ev.key !== '?' || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target as HTMLElement | null;
    if (t?.closest?.('dialog[open]') || (t && takesText(t))) return;
    ev.preventDefault();
    openKeysHelp(doc);
  });
}
