// After the reveal of a question about another run, links that open that run in a new tab: the
// learner can look at what the answer says without leaving the tour (the page behind it keeps the
// lesson's run). Before the answer the links would give it away, so only the reveal has them.
import type { OtherRun } from '../../sim/lessons/types';
import { el } from '../ui/dom';
import { toSearch } from '../model/urlState';

/** The page's address for one scenario of `about`, on its nominal schedule. */
export function otherRunSearch(about: OtherRun, scenario: string): string {
  return toSearch({ runs: [{ scenario, preset: about.preset, overrides: [...about.overrides], seed: null }], step: null, file: null, lesson: null });
}

export function otherRunLinks(about: OtherRun): HTMLElement {
  const p = el('p', { class: 'tour-other-links', 'data-testid': 'tour-other-links' }, 'See it for yourself, in a new tab: ');
  about.scenarios.forEach((scenario, i) => {
    if (i) p.append(', ');
    p.append(el('a', { href: otherRunSearch(about, scenario), target: '_blank', rel: 'noopener', 'data-testid': 'tour-other-link' }, scenario));
  });
  p.append(` (config ${about.preset}${about.overrides.map((o) => ` --set ${o}`).join('')}).`);
  return p;
}
