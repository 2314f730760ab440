// "What if, at this step?": the scheduler's choices made right after the current step (which
// event runs first, which worker takes a request, how long a step takes), each with its other
// options to try; and the tree of branches tried so far, each with its verdict, to show or to
// compare two side by side.
import type { Choice } from '../model/choices';
import { verdictFor } from '../model/presetVerdicts';
import { depthOf, type Branch } from '../model/whatIfTree';
import { clear, el } from './dom';
import { GLYPH } from './palette';

export interface WhatIfHandlers {
  branch(c: Choice, value: number): void;
  show(id: number): void;
  compare(a: number, b: number): void;
}

const KIND_WORDS: Record<string, string> = {
  tie: 'Which of the events due at this moment runs first',
  route: 'Which idle worker takes this request',
  latency: 'How long this takes',
  jitter: 'How late this user action comes',
};

export interface WhatIfView {
  pending: Choice[];
  /** The next step with a choice, when none is pending here. */
  nextStep: number | null;
  tree: Branch[] | null;
  /** Branch ids on screen (run A, run B). */
  shown: number[];
  note: string | null;
  /** Two runs on screen: the choices listed are run A's, and a branch replaces both runs. */
  compared?: boolean;
}

/** Which control had the focus, to give it back after a re-render (the panel is rebuilt at every step). */
function focusKey(root: HTMLElement): string | null {
  const a = root.ownerDocument.activeElement;
  if (!(a instanceof HTMLElement) || !root.contains(a)) return null;
  const testid = a.dataset.testid ?? '';
  const at = a.closest('[data-index],[data-id]') as HTMLElement | null;
  const where = at?.dataset.index !== undefined ? `[data-index="${at.dataset.index}"] ` : at?.dataset.id !== undefined ? `[data-id="${at.dataset.id}"] ` : '';
  return testid ? `${where}[data-testid="${testid}"]` : '';
}

/**
 * A keyboard user who ran a branch, showed one or went to the next step with a choice keeps the
 * focus in the panel: the same control when it is still there, else the first choice, else the
 * heading (it fell to the page's start, a long way of Tab presses back).
 */
function giveFocusBack(root: HTMLElement, key: string | null): void {
  if (key === null) return;
  const same = key ? root.querySelector<HTMLElement>(key) : null;
  const next = same ?? root.querySelector<HTMLElement>('[data-testid="whatif-choice"] button, [data-testid="whatif-choice"] select, [data-testid="whatif-next"]') ?? root.querySelector<HTMLElement>('h2');
  next?.focus();
}

export function renderWhatIf(root: HTMLElement, v: WhatIfView, h: WhatIfHandlers, goStep: (slot: number) => void): void {
  const focused = focusKey(root);
  renderPanel(root, v, h, goStep);
  giveFocusBack(root, focused);
}

function renderPanel(root: HTMLElement, v: WhatIfView, h: WhatIfHandlers, goStep: (slot: number) => void): void {
  clear(root);
  root.append(el('h2', { tabindex: -1 }, v.compared ? 'What if, at this step? (run A)' : 'What if, at this step?'));
  if (v.note) {
    root.append(el('p', { class: 'muted', 'data-testid': 'whatif-note' }, v.note));
    return;
  }
  const list = el('ul', { class: 'whatif-pending', 'data-testid': 'whatif-pending' });
  for (const c of v.pending) {
    const li = el('li', { 'data-testid': 'whatif-choice', 'data-kind': c.kind, 'data-index': c.index }, el('strong', {}, `${KIND_WORDS[c.kind] ?? c.kind}: `), el('span', { class: 'mono' }, c.label), c.atEvent === 0 ? el('span', { class: 'muted' }, ' (decided before the first step)') : null, el('br'), el('span', { class: 'muted' }, `This run took ${c.options[c.value] ?? `option ${c.value + 1}`}. Try instead: `));
    // Latencies listed from fastest to slowest (option 0, the nominal one, is not the fastest).
    const others = c.options.map((text, i) => ({ text, i })).filter((o) => o.i !== c.value);
    if (c.kind === 'latency') others.sort((a, b) => parseFloat(a.text) - parseFloat(b.text));
    if (others.length <= 6) {
      for (const o of others) {
        const b = el('button', { type: 'button', class: 'whatif-option', 'data-testid': 'whatif-option', 'data-value': o.i }, o.text);
        b.addEventListener('click', () => h.branch(c, o.i));
        li.append(b, ' ');
      }
    } else {
      const s = el('select', { 'data-testid': 'whatif-select', 'aria-label': `Other options for ${c.label}` });
      for (const o of others) s.append(el('option', { value: o.i }, o.text));
      const run = el('button', { type: 'button', 'data-testid': 'whatif-run' }, 'Run this branch');
      run.addEventListener('click', () => h.branch(c, Number(s.value)));
      li.append(s, ' ', run);
    }
    list.append(li);
  }
  const whose = v.compared ? ' Run A\'s choices: a branch replaces the two runs on screen with run A\'s branch.' : '';
  if (v.pending.length) root.append(el('p', { class: 'muted', 'data-testid': 'whatif-intro' }, `Each option runs a branch in the page: the same run, with the choices before this one replayed and this one changed.${whose}`), list);
  else {
    const p = el('p', { class: 'muted', 'data-testid': 'whatif-none' }, 'Nothing could have gone otherwise right after this step.');
    if (v.nextStep !== null) {
      const go = el('button', { type: 'button', 'data-testid': 'whatif-next' }, `Go to step ${v.nextStep + 1}, the next with a choice`);
      go.addEventListener('click', () => goStep(v.nextStep!));
      p.append(' ', go);
    }
    root.append(p);
  }
  if (v.tree && v.tree.length > 1) root.append(treeList(v.tree, v.shown, h));
}

function treeList(tree: Branch[], shown: number[], h: WhatIfHandlers): HTMLElement {
  const picked = new Set<number>(shown.length === 2 ? shown : []);
  const box = el('div', { class: 'whatif-tree', 'data-testid': 'whatif-tree' }, el('h3', {}, 'Branches tried'));
  // A plain list: role tree promised a screen reader arrow-key navigation between its items that
  // the list does not have (its checkboxes and buttons are reached with Tab). aria-level keeps the depth.
  const ul = el('ul', { 'aria-label': 'What-if branches' });
  const compare = el('button', { type: 'button', 'data-testid': 'whatif-compare', disabled: picked.size !== 2 }, 'Compare the two checked');
  compare.addEventListener('click', () => {
    const [a, b] = [...picked];
    if (a !== undefined && b !== undefined) h.compare(a, b);
  });
  const order = (parent: number | null): Branch[] => tree.filter((b) => b.parent === parent);
  const walk = (b: Branch) => {
    const v = (() => {
      try {
        return verdictFor(b.spec);
      } catch {
        return null;
      }
    })();
    const verdict = v ? (v.holds ? `${GLYPH.fresh} holds` : `${GLYPH.deleted} fails: ${v.broken.join(', ')}`) : '?';
    const which = b.parent === null ? 'the run as it was' : `branch #${b.id}`;
    const check = el('input', { type: 'checkbox', 'data-testid': 'whatif-pick', 'aria-label': `Pick ${which} to compare`, checked: picked.has(b.id) });
    check.checked = picked.has(b.id);
    check.addEventListener('change', () => {
      if (check.checked) picked.add(b.id);
      else picked.delete(b.id);
      compare.disabled = picked.size !== 2;
    });
    // Every button said "Show": by Tab, a screen reader named none of the branches.
    const show = el('button', { type: 'button', 'data-testid': 'whatif-show', 'aria-label': shown.includes(b.id) ? `${which}: on screen` : `Show ${which}` }, shown.includes(b.id) ? 'on screen' : 'Show');
    show.addEventListener('click', () => h.show(b.id));
    const li = el(
      'li',
      { 'aria-level': depthOf(tree, b) + 1, 'data-testid': 'whatif-branch', 'data-id': b.id, 'data-holds': v ? String(v.holds) : 'unknown', 'data-shown': String(shown.includes(b.id)), style: `--depth:${depthOf(tree, b)}` },
      check,
      ' ',
      el('span', { class: 'whatif-label' }, b.parent === null ? 'root: the run as it was' : `#${b.id} at step ${b.step + 1}: ${b.label}`),
      ' ',
      el('span', { class: `whatif-verdict ${v?.holds ? 'hold-ok' : 'hold-fail'}` }, verdict),
      ' ',
      show,
    );
    ul.append(li);
    for (const c of order(b.id)) walk(c);
  };
  for (const r of order(null)) walk(r);
  box.append(ul, compare);
  return box;
}
