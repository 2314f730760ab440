// The project's docs that the page links to, shown in the page (a built site has no docs/ folder
// next to it). The Markdown is shown as written, in a dialog.
import glossary from '../../docs/lessons/glossary.md?raw';
import recommendation from '../../docs/recommendation.md?raw';
import visualizer from '../../docs/visualizer.md?raw';
import { el } from './dom';

const DOCS = { recommendation: { path: 'docs/recommendation.md', text: recommendation }, glossary: { path: 'docs/lessons/glossary.md', text: glossary }, visualizer: { path: 'docs/visualizer.md', text: visualizer } } as const;

export function openDoc(name: keyof typeof DOCS): void {
  const doc = DOCS[name];
  const close = el('button', { type: 'button', 'data-testid': 'doc-close' }, 'Close');
  const dialog = el('dialog', { class: 'doc', 'data-testid': `doc-${name}`, 'aria-label': doc.path }, el('header', { class: 'doc-head' }, el('strong', {}, doc.path), close), el('pre', { class: 'doc-text' }, doc.text));
  // The browser gives the focus back to the control that opened the dialog, unless the page drew it
  // again meanwhile (the "Does it hold?" strip is redrawn when its catalog check ends): then to its twin.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const openerId = opener?.dataset.testid;
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && !opener.isConnected && openerId) document.querySelector<HTMLElement>(`[data-testid="${openerId}"]`)?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}
