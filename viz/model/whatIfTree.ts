// The tree of "what if" branches: the run the user started from is the root; each branch is the
// run of its parent with one choice changed at one step (a scripted choice list). The tree travels
// in the URL as repeated `branch=<parent>.<step>.<choices>` parameters (choices joined by "-"), so
// a shared link opens the same tree; the runs on screen travel as usual (scenario, choices, ...).
import { branchLabel, choicesOf } from './choices';
import type { RunSpec } from './runSpec';

export interface Branch {
  id: number;
  /** null for the root. */
  parent: number | null;
  /** The step (0-based slot) it was made at, for the label. */
  step: number;
  /** What was changed, in words. */
  label: string;
  spec: RunSpec;
}

export function rootOf(spec: RunSpec): Branch {
  return { id: 0, parent: null, step: 0, label: 'the run as it was', spec: { ...spec, choices: spec.choices ? [...spec.choices] : undefined } };
}

export function addBranch(tree: Branch[], parent: number, step: number, label: string, spec: RunSpec): Branch {
  const same = tree.find((b) => JSON.stringify(b.spec.choices ?? []) === JSON.stringify(spec.choices ?? []));
  if (same) return same;
  const b: Branch = { id: tree.length, parent, step, label, spec };
  tree.push(b);
  return b;
}

export function treeParams(tree: Branch[]): string[] {
  return tree.slice(1).map((b) => `${b.parent}.${b.step}.${(b.spec.choices ?? []).join('-')}`);
}

/** Rebuilds a tree from its URL parameters; entries that do not parse are reported and skipped. */
export function parseTree(root: RunSpec, params: string[], errors: string[]): Branch[] {
  const tree = [rootOf(root)];
  for (const p of params.slice(0, 200)) {
    const m = /^(\d+)\.(\d+)\.((?:\d+-)*\d+)$/.exec(p);
    if (!m || Number(m[1]) >= tree.length) {
      errors.push(`ignored a "what if" branch the link describes badly ("${p.slice(0, 40)}")`);
      continue;
    }
    const choices = m[3].split('-').map(Number);
    if (choices.length > 100_000 || choices.some((c) => !Number.isSafeInteger(c))) {
      errors.push('ignored a "what if" branch with an impossible choice list');
      continue;
    }
    const parent = tree[Number(m[1])];
    tree.push({ id: tree.length, parent: parent.id, step: Number(m[2]), label: labelFromParent(parent.spec, choices), spec: { ...root, choices } });
  }
  return tree;
}

/** The words the branch had when it was made: its last choice, read from its parent's run. */
function labelFromParent(parent: RunSpec, choices: number[]): string {
  const i = choices.length - 1;
  const fallback = `choice ${i + 1} set to option ${choices[i] + 1}`;
  try {
    const all = choicesOf(parent);
    // A child replays its parent's choices before i and changes choice i.
    const child = i < all.length && all.slice(0, i).every((x, k) => x.value === choices[k]);
    return child ? branchLabel(all[i], choices[i]) : fallback;
  } catch {
    return fallback;
  }
}

export function depthOf(tree: Branch[], b: Branch): number {
  let d = 0;
  for (let cur = b; cur.parent !== null && d < 1000; cur = tree[cur.parent]) d++;
  return d;
}
