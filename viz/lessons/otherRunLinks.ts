// After the reveal of a question about another run, links that open that run in a new tab: the
// learner can look at what the answer says without leaving the tour (the page behind it keeps the
// lesson's run). Before the answer the links would give it away, so only the reveal has them.
import type { OtherRun } from '../../sim/lessons/types';
import { el } from '../ui/dom';
import { otherRunLink, VIZ_ORIGIN } from '../../sim/lessons/vizLink';

/** The page's address (`?…`) for one scenario of `about`, on the schedule its reveal speaks of. */
export function otherRunSearch(about: OtherRun, scenario: string): string {
  return otherRunLink(about, scenario).slice(VIZ_ORIGIN.length);
}

/**
 * "random seed 3" (as the page's run line says it: a bare "seed 3" beside "config seed-fix" read as
 * the seed's fix), "the schedule the answer speaks of", or nothing for the nominal one.
 */
export function scheduleWords(about: OtherRun): string {
  const s = about.schedule;
  return !s ? '' : 'seed' in s ? `, random seed ${s.seed}` : ', on the schedule the answer speaks of';
}

export function otherRunLinks(about: OtherRun): HTMLElement {
  const p = el('p', { class: 'tour-other-links', 'data-testid': 'tour-other-links' }, 'See it for yourself, in a new tab: ');
  about.scenarios.forEach((scenario, i) => {
    if (i) p.append(', ');
    p.append(el('a', { href: otherRunSearch(about, scenario), target: '_blank', rel: 'noopener', 'data-testid': 'tour-other-link' }, scenario));
  });
  p.append(` (config ${about.preset}${about.overrides.map((o) => ` --set ${o}`).join('')}${scheduleWords(about)}).`);
  return p;
}
