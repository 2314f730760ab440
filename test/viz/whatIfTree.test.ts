// A "what if" tree travels in the URL: the link reopens the same tree, with the same words.
import { describe, expect, it } from 'vitest';
import { branchLabel, branchSpec, choicesOf } from '../../viz/model/choices';
import { addBranch, parseTree, rootOf, treeParams } from '../../viz/model/whatIfTree';

describe('what if tree in the URL', () => {
  it('reopens each branch with the words it was made with, a branch off a branch included', () => {
    const root = { scenario: 'two-worker-reload', preset: 'seed-fix', overrides: [] as string[], seed: null };
    const tree = [rootOf(root)];
    const all = choicesOf(root);
    const first = all.find((c) => c.options.length > 2)!;
    const b1 = addBranch(tree, 0, 40, branchLabel(first, 1), branchSpec(root, all, first, 1));
    const under = choicesOf(b1.spec);
    const later = under[under.length - 1];
    addBranch(tree, b1.id, 92, branchLabel(later, 2), branchSpec(b1.spec, under, later, 2));
    const errors: string[] = [];
    const back = parseTree(root, treeParams(tree), errors);
    expect(errors).toEqual([]);
    expect(back.map((b) => [b.parent, b.step, b.label, b.spec.choices])).toEqual(tree.map((b) => [b.parent, b.step, b.label, b.spec.choices]));
    expect(back[1].label).toMatch(/ms instead of \d+ ms( \(nominal\))?$/);
  });
});
