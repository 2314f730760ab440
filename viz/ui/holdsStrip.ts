// The "Does it hold?" strip above the runs: for each scenario on screen, the verdict of each preset
// (computed in the page), and a plain sentence about the seed's fix with links to where it fails.
// It also says once what "the seed" means, since the random seed is a different thing.
import { setPreset, type RunSpec } from '../model/runSpec';
import { checkCounterexample, checkFailures } from '../model/checkVerdicts';
import { presetVerdicts, seedFixFailures, type PresetVerdict } from '../model/presetVerdicts';
import { clear, el } from './dom';
import { GLYPH } from './palette';
import { SERVED_WORDS, WRITE_WORDS } from './runCard';

export interface HoldsHandlers {
  /** Show this preset's run as run A; `toWhereItFails`: at the step where it comes back (or, with nothing coming back, breaks). */
  show(spec: RunSpec, toWhereItFails?: boolean): void;
  /** Open a doc of the project in the page. */
  openDoc(name: 'recommendation'): void;
}

const WORDS: Record<string, string> = { back: `${GLYPH.back} came back`, stuck: `${GLYPH.deleted} never disappeared`, gone: `${GLYPH.fresh} stayed gone`, ...WRITE_WORDS, served: SERVED_WORDS, none: 'nothing deleted' };

/** `nominal`: the run on screen is on a recorded schedule (choices), and the chips judge the nominal one. */
function chip(v: PresetVerdict, h: HoldsHandlers, nominal: boolean): HTMLElement[] {
  // Holding on this schedule is not holding: where check found one that breaks the preset, say so and offer it.
  const cx = v.holds ? checkCounterexample(v.spec) : null;
  const schedule = nominal ? 'the nominal schedule' : 'this schedule';
  const title = `${v.preset}: ${v.holds ? `every invariant holds on ${schedule}${cx ? '; check finds another that breaks it' : ''}` : `breaks ${v.broken.join(', ')}${nominal ? ' on the nominal schedule' : ''}`}. Click to show this run as run A.`;
  const said = v.holds ? (cx ? (nominal ? '✔ nominal schedule' : '✔ this schedule') : '✔ holds') : '✖ fails';
  const b = el('button', { type: 'button', class: `hold hold-${v.holds ? 'ok' : 'fail'}`, 'data-testid': `hold-${v.preset}`, 'data-holds': String(v.holds), 'data-verdict': v.kind, title }, el('strong', {}, v.preset), ` ${said}`, el('span', { class: 'hold-detail' }, ` · ${v.kinds.map((k) => WORDS[k] ?? '').join(' and ')}`));
  b.addEventListener('click', () => h.show(v.spec));
  if (!cx) return [b];
  const deviations = `${cx.deviations} deviation${cx.deviations === 1 ? '' : 's'}`;
  const other = el(
    'button',
    { type: 'button', class: 'hold hold-fail', 'data-testid': `hold-${v.preset}-check`, title: `cachelab check ${v.spec.scenario} --config ${v.preset} finds a schedule ${deviations} from this one that breaks ${cx.invariants.join(', ')}. Click to show it as run A.` },
    `✖ check: ${deviations} break it`,
  );
  // The schedule is shown for what breaks in it: open it there, not at the moment the run on screen was at.
  other.addEventListener('click', () => h.show({ ...v.spec, seed: null, choices: [...cx.script] }, true));
  return [b, other];
}

/**
 * Draws the strip, and gives the focus back to the control that had it: the strip is drawn again when
 * a chip changes the run and when the catalog check ends, and the keyboard was left on the page's body.
 */
export function renderHoldsStrip(root: HTMLElement, runs: RunSpec[], h: HoldsHandlers): void {
  const active = root.ownerDocument.activeElement;
  const had = active instanceof HTMLElement && root.contains(active) ? active.dataset.testid : undefined;
  drawStrip(root, runs, h);
  if (had) root.querySelector<HTMLElement>(`[data-testid="${had}"]`)?.focus({ preventScroll: true });
}

function drawStrip(root: HTMLElement, runs: RunSpec[], h: HoldsHandlers): void {
  clear(root);
  // Scenarios that give the same verdicts (seed-broken and seed-fixed differ only in their preset) share a line.
  const groups: Array<{ where: string[]; verdicts: PresetVerdict[]; sig: string; nominal: boolean }> = [];
  // A run on a recorded schedule (a check counterexample, a lesson's "See it" link): the presets are
  // judged on the scenario's nominal schedule (a choice list fits one preset's decisions only), so the
  // strip says so; "holds on this schedule" above a run that breaks was the opposite of the truth.
  let shownNominal = false;
  const seen = new Set<string>();
  let seedFixHoldsHere = true;
  let seedFixCheckFailsHere = false;
  for (const spec of runs) {
    const key = JSON.stringify(setPreset(spec, 'broken'));
    if (seen.has(key)) continue;
    seen.add(key);
    let verdicts: PresetVerdict[];
    try {
      verdicts = presetVerdicts(spec);
    } catch {
      continue;
    }
    if (verdicts.some((v) => v.preset === 'seed-fix' && !v.holds)) seedFixHoldsHere = false;
    if (verdicts.some((v) => v.preset === 'seed-fix' && v.holds && checkCounterexample(v.spec))) seedFixCheckFailsHere = true;
    const nominal = Boolean(spec.choices?.length);
    if (nominal) shownNominal = true;
    const where = `${spec.scenario}${spec.seed === null ? '' : ` (random seed ${spec.seed})`}${nominal ? ', on its nominal schedule, not the one shown' : ''}`;
    const sig = verdicts.map((v) => `${v.kind}:${v.broken.join(',')}`).join('|');
    const same = groups.find((g) => g.sig === sig && spec.seed === null && g.nominal === nominal);
    if (same) same.where.push(where);
    else groups.push({ where: [where], verdicts, sig, nominal });
  }
  const lines = groups.map((g) => {
    const line = el('p', { class: 'holds-line', 'data-testid': 'holds-line', 'data-scenario': g.where.join(',') }, el('span', { class: 'holds-where' }, `${g.where.join(', ')}:`));
    for (const v of g.verdicts) line.append(' ', ...chip(v, h, g.nominal));
    return line;
  });
  if (!lines.length) return;
  const failing = seedFixFailures(() => renderHoldsStrip(root, runs, h));
  const lesson7 = el('a', { href: '?lesson=7', 'data-testid': 'link-lesson-7' }, 'lesson 7');
  const rec = el('a', { href: '#recommendation', 'data-testid': 'link-recommendation' }, 'docs/recommendation.md');
  rec.addEventListener('click', (ev) => {
    ev.preventDefault();
    h.openDoc('recommendation');
  });
  const byCheck = checkFailures('seed-fix').filter((s) => !failing?.includes(s));
  const nominal = failing === null ? 'checking the catalog…' : failing.length ? `on this page's nominal schedules it fails on ${failing.join(', ')}` : 'no catalog scenario fails on its nominal schedule';
  const elsewhere = `${nominal}${failing !== null && byCheck.length ? `; check finds schedules that break it on ${byCheck.join(', ')}` : ''}`;
  const caveat = el(
    'p',
    { class: 'holds-caveat', 'data-testid': 'holds-caveat' },
    seedFixHoldsHere
      ? seedFixCheckFailsHere
        ? `The seed's fix holds on ${shownNominal ? 'the nominal schedule' : 'this schedule'}, not on every one (check finds one that breaks it, above), and not only here: `
        : `The seed's fix holds ${shownNominal ? 'on the nominal schedule' : 'here'}, but it is not the answer: `
      : "The seed's fix fails here, and not only here: ",
    el('span', { 'data-testid': 'holds-elsewhere' }, elsewhere),
    ', and more under other schedules and deployments (',
    lesson7,
    '). The fix that holds everywhere the project checked is the robust preset: ',
    rec,
    '.',
  );
  const seedMeaning = el('p', { class: 'holds-seed muted', 'data-testid': 'seed-meaning' }, '"The seed" (seed-broken, seed-fixed, seed-fix) is the analysis this project started from: its diagnosis, two timelines and four fixes. A random seed is something else: a number that picks one schedule.');
  root.append(el('h2', { class: 'holds-title' }, 'Does it hold?'), ...lines, caveat, seedMeaning);
}
