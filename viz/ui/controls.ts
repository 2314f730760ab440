// Configuration controls, one panel per run: scenario (from the catalog), preset, a toggle per
// seed fix, the deployment knobs, the seed, and every other knob as `key=value` overrides. Any
// change re-runs the simulation at once.
import { SCENARIOS } from '../../sim/scenarios/index';
import { KNOBS, PRESETS, PRESET_NAMES, SEED_FIXES, UsageError, type Config } from '../../src/config';
import { commandLine, describeSpec, effectiveConfig, findScenario, FIX_NAMES, FIX_NUMBERS, fixState, parseOverrideList, setPreset, setScenario, toggleFix, withValues, type RunSpec } from '../model/runSpec';
import { clear, el } from './dom';

export interface ControlsHandlers {
  change(run: number, spec: RunSpec): void;
  compare(on: boolean): void;
  error(message: string): void;
}

function select(testid: string, label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void, title?: string): HTMLLabelElement {
  const s = el('select', { 'data-testid': testid, title });
  for (const [v, text] of options) s.append(el('option', { value: v, selected: v === value }, text));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return el('label', { class: 'ctl' }, el('span', {}, label), s);
}

function checkbox(testid: string, label: string, checked: boolean, onChange: (v: boolean) => void, opts: { indeterminate?: boolean; title?: string } = {}): HTMLLabelElement {
  const c = el('input', { type: 'checkbox', 'data-testid': testid, checked });
  c.checked = checked;
  c.indeterminate = Boolean(opts.indeterminate);
  c.addEventListener('change', () => onChange(c.checked));
  return el('label', { class: 'ctl ctl-check', title: opts.title }, c, el('span', {}, label));
}

function runPanel(run: number, spec: RunSpec, h: ControlsHandlers): HTMLElement {
  const name = run === 0 ? 'A' : 'B';
  const config = effectiveConfig(spec);
  const set = (next: RunSpec) => h.change(run, next);
  const setValue = (values: Partial<Config>) => set(withValues(spec, values));
  const scenario = findScenario(spec.scenario);

  const fixes = el('div', { class: 'fixes', role: 'group', 'aria-label': "The seed's fixes" }, el('span', { class: 'fixes-title', title: "The seed's four fixes, each a group of knobs" }, 'Fixes'));
  for (const n of FIX_NUMBERS) {
    const state = fixState(config, n);
    const knobs = Object.entries(SEED_FIXES[n]).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    fixes.append(checkbox(`fix-${run}-${n}`, `${n} ${FIX_NAMES[n]}`, state === 'on', (on) => set(toggleFix(spec, n, on)), { indeterminate: state === 'partial', title: `fix ${n}: ${knobs}${state === 'partial' ? ' (partly set)' : ''}` }));
  }

  const seed = el('input', { type: 'number', step: 1, inputmode: 'numeric', placeholder: 'nominal', 'data-testid': `seed-${run}`, value: spec.seed === null ? '' : String(spec.seed), 'aria-describedby': `seed-help-${run}` });
  seed.value = spec.seed === null ? '' : String(spec.seed);
  seed.addEventListener('change', () => {
    const t = seed.value.trim();
    if (t === '') return set({ ...spec, seed: null, choices: undefined });
    if (!/^-?\d+$/.test(t)) return h.error(`seed must be an integer, got "${t}"`);
    set({ ...spec, seed: Number(t), choices: undefined });
  });

  const overrides = el('input', { type: 'text', spellcheck: 'false', 'data-testid': `overrides-${run}`, value: spec.overrides.join(' '), placeholder: 'key=value …', title: 'Any knob, as cachelab --set key=value; separate with spaces' });
  overrides.value = spec.overrides.join(' ');
  overrides.addEventListener('change', () => {
    try {
      const list = parseOverrideList(overrides.value);
      set({ ...spec, overrides: list });
    } catch (e) {
      h.error(e instanceof UsageError ? e.message : String(e));
    }
  });

  const workers = Array.from({ length: 8 }, (_, i) => [String(i + 1), String(i + 1)] as [string, string]);
  return el(
    'fieldset',
    { class: 'run-controls', 'data-testid': `controls-${run}` },
    el('legend', {}, `Run ${name}`),
    el(
      'div',
      { class: 'ctl-row' },
      select(`scenario-${run}`, 'Scenario', SCENARIOS.map((s) => [s.name, s.name]), spec.scenario, (v) => set(setScenario(spec, v)), scenario?.details),
      select(`preset-${run}`, 'Preset', PRESET_NAMES.map((p) => [p, p]), spec.preset, (v) => set(setPreset(spec, v)), PRESETS[spec.preset]?.description),
      el('label', { class: 'ctl' }, el('span', {}, 'Random seed'), seed),
      el('label', { class: 'ctl ctl-wide' }, el('span', {}, 'Overrides'), overrides),
    ),
    fixes,
    el(
      'div',
      { class: 'ctl-row' },
      select(`workers-${run}`, 'Workers', workers, String(config['deploy.workers']), (v) => setValue({ 'deploy.workers': Number(v) }), KNOBS['deploy.workers'].help),
      select(`backend-${run}`, 'Django cache', [['locmem', 'LocMem'], ['redis', 'Redis']], config['deploy.cacheBackend'], (v) => setValue({ 'deploy.cacheBackend': v as Config['deploy.cacheBackend'] })),
      checkbox(`atomic-${run}`, 'ATOMIC_REQUESTS', config['deploy.atomicRequests'], (v) => setValue({ 'deploy.atomicRequests': v })),
      select(`profile-${run}`, 'Browser', [['chromium', 'Chromium'], ['seed-assumption', "seed's belief"]], config['browser.profile'], (v) => setValue({ 'browser.profile': v as Config['browser.profile'] }), KNOBS['browser.profile'].help),
    ),
    el(
      'p',
      { class: 'scenario-desc', id: `seed-help-${run}` },
      `${scenario?.description ?? ''}. Empty random seed: the nominal schedule. Terminal: `,
      el('code', { 'data-testid': `cmd-${run}` }, commandLine(spec)),
    ),
  );
}

/** One line per run for the collapsed summary: scenario, preset, overrides, random seed. */
function summaryLine(runs: RunSpec[], fromFile: boolean): string {
  if (fromFile) return 'a trace file is open (its configuration is in the banner above)';
  return runs.map((r, i) => `${runs.length > 1 ? `${i === 0 ? 'A' : 'B'}: ` : ''}${describeSpec(r)}`).join('  |  ');
}

export function renderControls(root: HTMLElement, runs: RunSpec[], fromFile: boolean, h: ControlsHandlers): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.testid;
  const wasOpen = root.querySelector<HTMLDetailsElement>('details.config')?.open ?? false;
  clear(root);
  const details = el('details', { class: 'config', 'data-testid': 'config', open: wasOpen });
  details.append(
    el('summary', { 'data-testid': 'config-summary' }, el('span', { class: 'config-label' }, runs.length > 1 && !fromFile ? 'Runs' : 'Run'), ' ', el('span', { class: 'config-line', 'data-testid': 'config-line' }, summaryLine(runs, fromFile)), ' ', el('span', { class: 'config-edit button', 'aria-hidden': 'true' }, 'Edit')),
  );
  const body = el('div', { class: 'config-body' });
  if (!fromFile) runs.forEach((spec, i) => body.append(runPanel(i, spec, h)));
  body.append(checkbox('compare', 'Compare with a second run (side by side on one time axis)', runs.length > 1 && !fromFile, (on) => h.compare(on)));
  details.append(body);
  // Escape closes Edit from anywhere in it and gives the keyboard back to its summary, as a dialog's
  // Escape does (it was Tab back through every knob, or Shift+Tab to the summary and Enter).
  details.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || !details.open || ev.defaultPrevented) return;
    ev.preventDefault();
    details.open = false;
    details.querySelector<HTMLElement>('summary')?.focus();
  });
  root.append(details);
  if (focused) root.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
}
