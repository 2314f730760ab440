// The page's controller: holds what is shown (runs from the catalog, or a trace file), runs the
// simulation in the page, builds the indexes and the shared time axis, and re-draws the views
// when the configuration or the step changes. The URL follows every change.
import { UsageError } from '../src/config';
import type { Trace } from '../sim/trace';
import { parseTraceFile, TraceFileError } from '../sim/traceFile';
import { looksLikeScenarioFile, parseScenarioFile } from '../sim/scenarios/file/parseScenarioFile';
import { runScenario } from '../sim/run';
import { analyzeKeys } from './model/cacheKeys';
import { firstDifference } from './model/compare';
import { buildFlowModel, type FlowModel } from './model/layerModel';
import { withoutJudgements } from './model/withoutJudgements';
import { narrate } from './model/narration';
import { describeSpec, describeTrace, findScenario, runInPage, specFor, type RunSpec } from './model/runSpec';
import { sentenceAt } from './model/sentence';
import { staleBands, type Bands } from './model/staleBands';
import { buildTimeline, type Timeline } from './model/timeline';
import { breakPoints } from './model/unseenBreaks';
import { lastAtOrBefore, TraceIndex } from './model/traceIndex';
import { parseUrlState, toSearch } from './model/urlState';
import { describeWriteState, writeStatesAt } from './model/writeStates';
import { renderCacheKeys } from './ui/cacheKeyView';
import { renderControls } from './ui/controls';
import { openDoc } from './ui/docDialog';
import { installKeysHelp, openKeysHelp } from './ui/keysHelp';
import { renderHoldsStrip } from './ui/holdsStrip';
import { branchLabel, branchSpec, choicesOf, pendingAt, type Choice } from './model/choices';
import { addBranch, parseTree, rootOf, treeParams, type Branch } from './model/whatIfTree';
import { renderWhatIf } from './ui/whatIfPanel';
import { causalOf } from './model/causality';
import { byTestId, clear, el } from './ui/dom';
import { baseName, download, downloadBlob, svgText, svgToPng, wireFileOpen } from './ui/files';
import { flowSvg } from './ui/flowExport';
import { FlowView } from './ui/flowView';
import { GLYPH } from './ui/palette';
import { renderRunCard, verdictOf } from './ui/runCard';
import { addCaption } from './ui/exportCaption';
import { FLOW_KEY, keyText, renderKey, TIMING_KEY } from './ui/markKey';
import { StepFind } from './ui/stepFind';
import { stepsMatching } from './model/stepSearch';
import { Stepper } from './ui/stepper';
import { TimingDiagram } from './ui/timingDiagram';

export interface LoadTiming {
  events: number;
  /** Simulation time (in-page runs only). */
  runMs: number;
  /** Index, time axis, stale bands, comparison. */
  indexMs: number;
  /** Building the DOM of every view. */
  renderMs: number;
  /** Until the next frame was painted (set by loadTrace's promise). */
  paintedMs: number | null;
  totalMs: number;
}

const RUN_NAMES = ['A', 'B'];

/** Why a trace of the user's own views (made with --app F) cannot be re-run or branched in the page. */
function ownViewsNote(appFile: string): string {
  return `made with your own views (--app ${appFile}): the page runs only the built-in views, so it shows the file as recorded and cannot re-run or branch it; in a terminal, cachelab replay <file> --app ${appFile} re-runs it and cachelab replay <scenario> --app ${appFile} --choices ... tries other choices`;
}

export class App {
  private runs: RunSpec[] = [];
  private file: { trace: Trace; name: string } | null = null;
  /** A second trace file compared with the first. */
  private file2: { trace: Trace; name: string } | null = null;
  private ix: TraceIndex[] = [];
  private tl: Timeline = buildTimeline([]);
  private bands: Bands[] = [];
  private diff: number | null = null;
  private cursor = 0;
  private flows: FlowView[] = [];
  private sentences: HTMLElement[] = [];
  private nows: HTMLElement[] = [];
  private keyRoots: HTMLElement[] = [];
  private keyShown: string[] = [];
  /** Each run's verdict as its card words it, for the timing diagram's text alternative. */
  private verdicts: string[] = [];
  /** Per run with nothing coming back: the events where each broken invariant was first seen, with their names. */
  private breaks: Array<Map<number, string[]>> = [];
  private urlTimer = 0;
  /** The next URL write adds a history entry (a what-if branch shown), so Back returns to the run before. */
  private pushUrl = false;
  readonly timings: LoadTiming[] = [];
  /** The guided tour's lesson, kept in the URL while it is open (viz/lessons). */
  lesson: number | null = null;
  /** The tour's question a trainer's link names (from 1), taken once by the tour when it opens. */
  lessonQuestion: number | null = null;
  /** The "what if" branches tried from the run the user started with (null: none yet). */
  private tree: Branch[] | null = null;
  /** A question waits (the tour): nothing after the cursor may be drawn anywhere. */
  private hideFuture = false;
  /** A question of the tour waits, maybe paused on another run: no "Does it hold?" strip, no guide. */
  private pending = false;
  /** The tour's question waits at this event: the learner cannot step, play, scrub or jump past it. */
  private heldAt: number | null = null;
  private heldRun = 0;
  private readonly find: StepFind;
  private lastFind: { q: string; tl: Timeline; upTo: number; steps: number[] } | null = null;
  /** Called after the views are rebuilt for new runs or a file (the tour checks it still applies). */
  onRender: (() => void) | null = null;
  private readonly stepper: Stepper;
  private readonly diagram: TimingDiagram;

  constructor(private readonly doc: Document) {
    this.stepper = new Stepper(byTestId(doc, 'stepper'), {
      go: (s) => this.go(s),
      jumpDiff: () => this.go(this.diffSlot() ?? this.cursor),
      jumpBack: () => this.go(this.nextResurrectionSlot() ?? this.cursor),
      jumpBreak: () => this.go(this.nextSlotOf(this.breakSlots()) ?? this.cursor),
      jumpWhatIf: () => {
        const panel = byTestId(this.doc, 'whatif');
        panel.scrollIntoView({ block: 'start' });
        panel.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
      },
    });
    this.diagram = new TimingDiagram(byTestId(doc, 'timing'), (s) => this.go(s, false));
    this.find = new StepFind(byTestId(doc, 'find'), {
      // While a question waits, a step after it is the answer: its words must not be found either.
      matches: (q) => {
        // Asked again at every step (the count says which match is shown): searched once per query and run.
        const upTo = this.hideFuture ? this.cursor : this.tl.n - 1;
        const last = this.lastFind;
        if (!last || last.q !== q || last.tl !== this.tl || last.upTo !== upTo) this.lastFind = { q, tl: this.tl, upTo, steps: stepsMatching(this.tl, q, upTo) };
        return { steps: this.lastFind!.steps, upToCursor: this.hideFuture };
      },
      cursor: () => this.cursor,
      go: (s) => this.go(s),
    });
    renderKey(byTestId(doc, 'timing-key'), TIMING_KEY);
    renderKey(byTestId(doc, 'flow-key'), FLOW_KEY);
    wireFileOpen(
      byTestId<HTMLInputElement>(doc, 'file-input'),
      byTestId(doc, 'drop-overlay'),
      (files) => {
        this.openText(files[0].text, files[0].name);
        if (files[1] && this.file?.name === files[0].name) this.compareText(files[1].text, files[1].name);
      },
      (m) => this.showError(m),
    );
    byTestId(doc, 'open-guide').addEventListener('click', () => openDoc('visualizer'));
    byTestId(doc, 'open-keys').addEventListener('click', () => openKeysHelp(doc));
    installKeysHelp(doc);
    byTestId(doc, 'export-svg').addEventListener('click', () => this.exportTiming());
    byTestId(doc, 'export-png').addEventListener('click', () => void this.exportPng());
    byTestId(doc, 'export-flow-svg').addEventListener('click', () => this.exportFlow());
    byTestId(doc, 'export-json').addEventListener('click', () => this.exportJson());
    byTestId(doc, 'error-close').addEventListener('click', () => this.clearError());
  }

  /** Reads the URL, runs what it names, and shows its step (or the moment worth seeing first). */
  start(): void {
    const { state, errors } = parseUrlState(this.doc.location.search);
    this.lesson = state.lesson ?? null;
    this.lessonQuestion = state.question ?? null;
    // A lesson's link: the tour says the question's step once it has hidden what is to come (LessonTour.open).
    if (this.lesson !== null) this.stepper.hush(true);
    if (state.file !== null) errors.push(`this link was made while the trace file "${state.file}" was open; a link cannot carry a file, so open it again with "Open trace…"`);
    this.runs = state.runs;
    this.readTree(errors);
    window.addEventListener('popstate', () => this.back());
    try {
      this.recompute();
    } catch (e) {
      errors.push(this.reason(e));
      this.runs = [specFor('seed-broken')];
      this.recompute();
    }
    this.renderAll();
    this.cursor = this.clamp(state.step ?? this.firstResurrectionSlot() ?? this.breakSlots()[0] ?? 0);
    this.renderStep(true);
    if (errors.length) this.showError(errors.join('; '));
  }

  /** The "what if" tree the URL carries (none: the tree in memory stays, if it is this run's). */
  private readTree(errors: string[]): void {
    const q = new URLSearchParams(this.doc.location.search);
    const branches = q.getAll('branch');
    if (branches.length && this.runs[0]) {
      const rootChoices = (q.get('branchroot') ?? '').split('-').filter((x) => /^\d+$/.test(x)).map(Number);
      this.tree = parseTree({ ...this.runs[0], choices: rootChoices.length ? rootChoices : undefined }, branches, errors);
    }
  }

  /** Back (or Forward) across what-if branches: shows the runs and step the URL names, keeping the tree. */
  private back(): void {
    if (this.file) return;
    const { state, errors } = parseUrlState(this.doc.location.search);
    this.runs = state.runs;
    this.readTree(errors);
    const base = (x: RunSpec) => JSON.stringify([x.scenario, x.preset, x.overrides, x.seed]);
    if (this.tree && this.runs[0] && base(this.tree[0].spec) !== base(this.runs[0])) this.tree = null;
    this.rerun();
    if (state.step !== null) this.go(state.step);
    if (errors.length) this.showError(errors.join('; '));
  }

  // ---- what is shown -------------------------------------------------------------------------

  private recompute(): LoadTiming {
    const t0 = performance.now();
    let traces: Trace[];
    let sources: string[];
    if (this.file) {
      traces = [this.file.trace, ...(this.file2 ? [this.file2.trace] : [])];
      sources = [fileSource(this.file), ...(this.file2 ? [fileSource(this.file2)] : [])];
    } else {
      traces = this.runs.map((r) => runInPage(r));
      sources = this.runs.map(describeSpec);
    }
    const t1 = performance.now();
    const timing = this.index(traces, sources);
    timing.runMs = t1 - t0;
    timing.totalMs += t1 - t0;
    return timing;
  }

  private index(traces: Trace[], sources: string[]): LoadTiming {
    const t0 = performance.now();
    this.ix = traces.map((t, i) => new TraceIndex(t, RUN_NAMES[i] ?? String(i), sources[i]));
    this.tl = buildTimeline(this.ix);
    this.bands = this.ix.map((x) => staleBands(x.trace, x));
    this.diff = this.ix.length === 2 ? firstDifference(this.ix[0].events, this.ix[1].events) : null;
    const ms = performance.now() - t0;
    return { events: traces.reduce((n, t) => n + t.events.length, 0), runMs: 0, indexMs: ms, renderMs: 0, paintedMs: null, totalMs: ms };
  }

  private titles(): string[] {
    return this.ix.map((x) => `${x.name} · ${x.source}`);
  }

  /** Rebuilds every view for new traces (the step views follow in renderStep). */
  private renderAll(): void {
    renderControls(byTestId(this.doc, 'controls'), this.runs, this.file !== null, {
      change: (i, spec) => this.setRun(i, spec),
      compare: (on) => this.setCompare(on),
      error: (m) => this.showError(m),
    });
    this.renderFileBanner();
    const holds = byTestId(this.doc, 'holds');
    holds.hidden = this.file !== null || this.hideFuture || this.pending;
    if (this.file) clear(holds);
    else
      renderHoldsStrip(holds, this.runs, {
        show: (spec, toWhereItFails) => {
          this.setRun(0, spec);
          if (toWhereItFails) this.go(this.firstResurrectionSlot() ?? this.breakSlots()[0] ?? this.cursor);
        },
        openDoc: (name) => openDoc(name),
      });
    const runsRoot = byTestId(this.doc, 'runs');
    clear(runsRoot);
    runsRoot.dataset.count = String(this.ix.length);
    this.flows = [];
    this.sentences = [];
    this.nows = [];
    this.breaks = [];
    this.verdicts = [];
    this.ix.forEach((x, r) => {
      const card = renderRunCard(x, r, this.bands[r], (seq) => this.go(this.tl.eventSlot[r][seq] ?? this.cursor));
      this.verdicts.push(`${x.name}: ${card.verdict.text}`);
      this.breaks.push(breakPoints(x, card.verdict.unseen, this.bands[r].violations));
      runsRoot.append(card.root);
      this.flows.push(new FlowView(card.flow, r, this.ix.length > 1 ? `run ${x.name}` : null));
      this.sentences.push(card.sentence);
      this.nows.push(card.now);
    });
    const keysRoot = byTestId(this.doc, 'cachekeys');
    clear(keysRoot);
    keysRoot.dataset.count = String(this.ix.length);
    this.keyRoots = this.ix.map(() => keysRoot.appendChild(el('article', { class: 'keys' })));
    this.keyShown = this.ix.map(() => '');
    this.diagram.setData(this.tl, this.bands.map((b) => b.violations), this.diff, this.titles(), this.breaks);
    // The tour may draw the step from here (a question's hold lifted): a cursor past the new run's last
    // step threw, and left the new run drawn under a tour that still said the lesson's run was shown.
    this.cursor = this.clamp(this.cursor);
    this.onRender?.();
  }

  /** Everything that depends on the step. */
  private renderStep(reveal: boolean): void {
    const tl = this.tl;
    const t = tl.n ? tl.slotT[this.cursor] : 0;
    const comesBack = this.ix.some((x) => x.comeBacks.length > 0);
    this.stepper.update(this.cursor, tl.n, t, this.diff !== null, comesBack, this.timeNote(t), !this.hideFuture, !comesBack && !this.hideFuture && this.breaks.some((b) => b.size > 0));
    this.find.refresh();
    this.ix.forEach((x, r) => {
      const seq = tl.n ? tl.lastEvent[r][this.cursor] : -1;
      const exact = tl.n > 0 && tl.slotEvent[r][this.cursor] >= 0;
      // While a question waits, the layers show what they hold, not which copies are stale (withoutJudgements.ts).
      const plain = (m: FlowModel) => (this.hideFuture ? withoutJudgements(m) : m);
      const model = plain(buildFlowModel(x, seq, exact));
      const causal = new Map<string, 'cause' | 'effect'>();
      if (exact && seq >= 0 && !this.hideFuture) {
        const c = causalOf(x.events, seq);
        for (const s of c.effects) causal.set(x.events[s].actor, 'effect');
        for (const s of c.causes) causal.set(x.events[s].actor, 'cause');
      }
      // While playing, the dot arrives before the next step replaces it.
      const every = this.stepper.playIntervalMs();
      const motionMs = every === null ? 450 : Math.min(450, every * 0.8);
      this.flows[r].render(model, (id) => x.label(id), causal, exact && seq > 0 ? plain(buildFlowModel(x, seq - 1, true)) : null, exact && seq >= 0 ? narrate(x, seq) : null, motionMs);
      this.sentences[r].textContent = sentenceAt(x, seq, exact);
      const back = model.rows.flatMap((row) => row.lines.filter((l) => l.copy === 'back').map((l) => `${GLYPH.back} "${x.titleOf(l.item ?? '')}" is back on ${row.actor.label}, deleted at ${x.deletions.find((d) => d.uuid === l.item)?.commitT ?? '?'} ms`));
      const stale = model.rows.flatMap((row) => (row.actor.kind === 'calendar' ? row.lines.filter((l) => l.copy === 'stale').map((l) => `${GLYPH.deleted} "${x.titleOf(l.item ?? '')}" is still on ${row.actor.label} after its delete`) : []));
      const writes = seq >= 0 && !this.hideFuture ? writeStatesAt(x.writes, seq) : [];
      const writesBack = writes.filter((w) => w.state === 'back').map((w) => `${GLYPH.back} on ${x.label(`calendar:${w.user}`)}, ${describeWriteState(w)}`);
      const writesStale = writes.filter((w) => w.state === 'stale').map((w) => `${GLYPH.stale} on ${x.label(`calendar:${w.user}`)}, ${describeWriteState(w)}`);
      const notes = [...back, ...writesBack, ...stale, ...writesStale];
      this.nows[r].textContent = notes.join(' · ');
      this.nows[r].hidden = notes.length === 0;
      this.nows[r].dataset.state = back.length || writesBack.length ? 'back' : notes.length ? 'stale' : 'clear';
      const a = analyzeKeys(x, seq);
      const key = a ? `${a.clickSeq}` : 'none';
      if (this.keyShown[r] !== key) {
        renderCacheKeys(this.keyRoots[r], a, x.name, r);
        this.keyShown[r] = key;
      }
    });
    const sentence = (s: string | null) => (s ? (/[.!?]$/.test(s) ? s : `${s}.`) : '');
    const runsSaid = this.ix.map((_, r) => [this.sentences[r].textContent, this.flows[r].said, this.nows[r].hidden ? '' : this.nows[r].textContent].map(sentence).filter(Boolean).join(' '));
    this.stepper.say([tl.n ? `step ${this.cursor + 1} of ${tl.n}, ${t} ms.` : 'no events.', ...runsSaid.map((s, r) => (this.ix.length > 1 ? `Run ${RUN_NAMES[r]}: ${s}` : s))].join(' '));
    this.diagram.setCausal(this.ix.map((x, r) => (tl.n && tl.slotEvent[r][this.cursor] >= 0 && !this.hideFuture ? causalOf(x.events, tl.slotEvent[r][this.cursor]) : null)));
    this.diagram.setCursor(this.cursor, reveal, this.hideFuture);
    this.diagram.describe(this.diagramName(t));
    this.renderWhatIf();
    this.scheduleUrl();
  }

  /**
   * What the timing diagram shows, for a screen reader (it was named "timing diagram"): the runs, the
   * steps drawn, the selected one and each run's verdict; while a question waits, only what is drawn.
   */
  private diagramName(t: number): string {
    const tl = this.tl;
    const runs = this.ix.length > 1 ? `runs ${this.ix.map((x) => `${x.name} (${x.source})`).join(' and ')}` : `run ${this.ix.map((x) => x.source).join('')}`;
    if (!tl.n) return `Timing diagram of ${runs}: no events.`;
    const at = `step ${this.cursor + 1} of ${tl.n}, ${t} ms`;
    if (this.hideFuture) return `Timing diagram of ${runs}, drawn up to ${at}; the steps after it are hidden until the question is answered.`;
    return `Timing diagram of ${runs}: ${tl.n} steps from ${tl.slotT[0]} ms to ${tl.slotT[tl.n - 1]} ms, one lifeline per actor, ${at} selected. ${this.verdicts.join(' ')}`;
  }

  /** Virtual time is measured from a reference point: say what 0 ms is, when the time is not after it. */
  private timeNote(t: number): string {
    // A run of creates and edits counts from its first write as a delete's run does from the Delete click.
    const click = this.ix[0]?.events.find((e) => e.type === 'user.delete') ?? this.ix[0]?.events.find((e) => e.type === 'user.create' || e.type === 'user.edit');
    if (!click) return '';
    const what = click.type === 'user.delete' ? 'Delete click' : click.type === 'user.create' ? 'create' : 'edit';
    if (click.t === 0) return t < 0 ? ` (before the ${what} at 0 ms)` : t === 0 ? ` (the ${what})` : ` (after the ${what} at 0 ms)`;
    return t < click.t ? ` (the first ${what} is at ${click.t} ms)` : '';
  }

  // ---- what if ------------------------------------------------------------------------------

  private branchIdOf(spec: RunSpec): number {
    if (!this.tree) return -1;
    const key = JSON.stringify(spec.choices ?? []);
    const base = (x: RunSpec) => JSON.stringify([x.scenario, x.preset, x.overrides, x.seed]);
    return this.tree.find((b) => base(b.spec) === base(spec) && JSON.stringify(b.spec.choices ?? []) === key)?.id ?? -1;
  }

  private renderWhatIf(): void {
    const root = byTestId(this.doc, 'whatif');
    root.hidden = this.hideFuture;
    if (this.hideFuture) return;
    const handlers = { branch: (c: Choice, v: number) => this.branch(c, v), show: (id: number) => this.showBranch(id), compare: (a: number, b: number) => this.compareBranches(a, b) };
    if (this.file || !this.runs[0]) {
      const note = this.file?.trace.app !== undefined ? ownViewsNote(this.file.trace.app) : 'What if works on runs made in the page: use "Re-run it in the page" on the file first.';
      renderWhatIf(root, { pending: [], nextStep: null, tree: null, shown: [], note }, handlers, (s) => this.go(s));
      return;
    }
    let all: Choice[];
    try {
      all = choicesOf(this.runs[0]);
    } catch (e) {
      renderWhatIf(root, { pending: [], nextStep: null, tree: null, shown: [], note: `The choices of this run could not be listed: ${this.reason(e)}` }, handlers, (s) => this.go(s));
      return;
    }
    const seq = this.tl.n ? this.tl.lastEvent[0][this.cursor] : -1;
    const pending = pendingAt(all, seq);
    const later = all.find((c) => c.atEvent > seq + 1);
    const nextStep = later ? (this.tl.eventSlot[0][Math.min(later.atEvent - 1, this.ix[0].events.length - 1)] ?? null) : null;
    renderWhatIf(root, { pending, nextStep, tree: this.tree, shown: this.runs.map((r) => this.branchIdOf(r)).filter((i) => i >= 0), note: null, compared: this.runs.length > 1 }, handlers, (s) => this.go(s));
  }

  /** Runs the branch that takes option `value` at choice `c` of run A, and shows it at the same moment. */
  branch(c: Choice, value: number): void {
    const from = this.runs[0];
    if (!this.tree || this.branchIdOf(from) < 0) this.tree = [rootOf(from)];
    const parent = this.branchIdOf(from);
    const spec = branchSpec(from, choicesOf(from), c, value);
    const b = addBranch(this.tree, parent, this.cursor, branchLabel(c, value), spec);
    this.runs = [b.spec];
    this.pushUrl = true;
    this.rerun();
  }

  showBranch(id: number): void {
    const b = this.tree?.[id];
    if (!b) return;
    this.runs = [b.spec];
    this.pushUrl = true;
    this.rerun();
  }

  compareBranches(a: number, b: number): void {
    const x = this.tree?.[a];
    const y = this.tree?.[b];
    if (!x || !y) return;
    this.runs = [x.spec, y.spec];
    this.pushUrl = true;
    this.rerun();
    const d = this.diffSlot();
    if (d !== null) this.go(d);
  }

  // ---- actions -----------------------------------------------------------------------------

  go(slot: number, reveal = true): void {
    // End, Play, the scrubber or a click in the diagram past the question's step would show its answer.
    const held = this.heldAt !== null && !this.file ? this.tl.eventSlot[this.heldRun]?.[this.heldAt] : undefined;
    const refused = held !== undefined && slot > held;
    if (refused) this.stepper.stop();
    const next = this.clamp(refused ? held : slot);
    // Refused, the bar is drawn again all the same: the scrubber's thumb went where it was dragged.
    if (next === this.cursor && this.tl.n && !refused) return;
    this.cursor = next;
    this.renderStep(reveal);
    // Said after the step (which the step bar says too): why the key did nothing.
    if (refused) this.stepper.say("Answer the tour's question first: the steps after this one are its answer.");
  }

  private clamp(slot: number): number {
    return Math.max(0, Math.min(this.tl.n - 1, Math.floor(slot)));
  }

  /** Re-runs after a configuration change, staying at the same moment in virtual time. */
  private rerun(): void {
    const oldT = this.tl.n ? this.tl.slotT[this.cursor] : 0;
    const rank = this.tl.n ? this.cursor - firstSlotAt(this.tl, oldT) : 0;
    try {
      this.recompute();
      this.clearError();
    } catch (e) {
      this.showError(this.reason(e));
      return;
    }
    this.renderAll();
    const base = firstSlotAt(this.tl, oldT);
    const last = lastAtOrBefore(this.tl.slotT, oldT);
    this.cursor = this.clamp(base < this.tl.n && this.tl.slotT[base] === oldT ? Math.min(base + rank, last) : last);
    this.renderStep(true);
  }

  setRun(i: number, spec: RunSpec): void {
    const before = this.runs;
    const base = (x: RunSpec) => JSON.stringify([x.scenario, x.preset, x.overrides, x.seed]);
    if (this.tree && base(this.tree[0].spec) !== base(spec)) this.tree = null;
    this.runs = this.runs.map((r, k) => (k === i ? spec : r));
    try {
      this.rerun();
    } catch (e) {
      this.runs = before;
      this.showError(this.reason(e));
    }
  }

  setCompare(on: boolean): void {
    if (this.file) {
      this.closeFile(on);
      return;
    }
    if (on && this.runs.length === 1) {
      const a = this.runs[0];
      this.runs = [a, { ...a, preset: a.preset === 'seed-fix' ? 'broken' : 'seed-fix', overrides: [...a.overrides], choices: undefined }];
    } else if (!on) this.runs = this.runs.slice(0, 1);
    this.rerun();
  }

  /** Opens a trace file's text, or runs a scenario file (docs/scenario-files.md) under its preset; a bad file leaves the current view as it was. */
  openText(text: string, name: string): void {
    let trace: Trace;
    try {
      trace = looksLikeScenarioFile(text, name) ? runScenario(parseScenarioFile(text, name)) : parseTraceFile(text);
    } catch (e) {
      this.showError(`Could not open ${name}: ${this.reason(e)}`);
      return;
    }
    try {
      this.loadTrace(trace, name);
    } catch (e) {
      this.showError(`Could not show ${name}: ${this.reason(e)}`);
    }
  }

  /** Opens a second trace file beside the open one, on one time axis, with their first difference. */
  compareText(text: string, name: string): void {
    if (!this.file) return this.openText(text, name);
    let trace: Trace;
    try {
      trace = looksLikeScenarioFile(text, name) ? runScenario(parseScenarioFile(text, name)) : parseTraceFile(text);
    } catch (e) {
      this.showError(`Could not open ${name}: ${this.reason(e)}`);
      return;
    }
    const prev = this.file2;
    this.file2 = { trace, name };
    try {
      this.recompute();
      this.renderAll();
      this.cursor = this.clamp(this.diffSlot() ?? 0);
      this.renderStep(true);
      this.clearError();
    } catch (e) {
      this.file2 = prev;
      this.recompute();
      this.renderAll();
      this.renderStep(false);
      this.showError(`Could not show ${name}: ${this.reason(e)}`);
    }
  }

  /** Shows a trace object (file or benchmark). Restores the previous view if it cannot be drawn. */
  loadTrace(trace: Trace, name = 'trace.json'): LoadTiming {
    const prev = { file: this.file, file2: this.file2, ix: this.ix, tl: this.tl, bands: this.bands, diff: this.diff, cursor: this.cursor };
    const t0 = performance.now();
    try {
      this.file = { trace, name };
      this.file2 = null;
      performance.mark('cachelab:load:start');
      const timing = this.index([trace], [fileSource({ trace, name })]);
      performance.mark('cachelab:index:end');
      const t1 = performance.now();
      this.renderAll();
      this.cursor = this.clamp(this.firstResurrectionSlot() ?? this.breakSlots()[0] ?? 0);
      this.renderStep(true);
      performance.mark('cachelab:render:end');
      performance.measure('cachelab:index', 'cachelab:load:start', 'cachelab:index:end');
      performance.measure('cachelab:render', 'cachelab:index:end', 'cachelab:render:end');
      timing.renderMs = performance.now() - t1;
      timing.totalMs = performance.now() - t0;
      this.timings.push(timing);
      this.clearError();
      return timing;
    } catch (e) {
      Object.assign(this, prev);
      this.renderAll();
      this.renderStep(false);
      throw e;
    }
  }

  private closeFile(compare: boolean): void {
    this.file = null;
    this.file2 = null;
    if (compare && this.runs.length === 1) this.runs = [this.runs[0], specFor('seed-fixed')];
    this.rerun();
  }

  /** Turns the open file into an in-page run of the same scenario, configuration and schedule. */
  private rerunFile(): void {
    if (!this.file) return;
    const t = this.file.trace;
    this.runs = [{ scenario: t.scenario, preset: t.preset, overrides: [...t.overrides], seed: t.seed, choices: t.choices.length ? [...t.choices] : undefined }];
    this.file = null;
    this.file2 = null;
    this.rerun();
  }

  /**
   * The banner is drawn again with every run: the control that had the focus gets it back, or, when
   * the file is closed or re-run (the banner goes), "Open trace…"; the keyboard was left on the body.
   */
  private renderFileBanner(): void {
    const banner = byTestId(this.doc, 'file-banner');
    const active = this.doc.activeElement;
    const had = active instanceof HTMLElement && banner.contains(active) ? (active.dataset.testid ?? '') : null;
    this.drawFileBanner(banner);
    if (had !== null) (banner.querySelector<HTMLElement>(`[data-testid="${had}"]`) ?? byTestId(this.doc, 'file-input')).focus({ preventScroll: true });
  }

  private drawFileBanner(banner: HTMLElement): void {
    clear(banner);
    banner.hidden = !this.file;
    if (!this.file) return;
    const t = this.file.trace;
    // The page has only the built-in views: a trace of the user's own (--app) would re-run as another app.
    const rerun = el('button', { type: 'button', 'data-testid': 'file-rerun', disabled: !findScenario(t.scenario) || t.app !== undefined, title: t.app !== undefined ? ownViewsNote(t.app) : '' }, 'Re-run it in the page (shareable link)');
    rerun.addEventListener('click', () => this.rerunFile());
    const close = el('button', { type: 'button', 'data-testid': 'file-close' }, 'Back to the simulation');
    close.addEventListener('click', () => this.closeFile(false));
    const about = (x: Trace) => ` · scenario ${x.scenario} · preset ${x.preset}${x.overrides.length ? ` · ${x.overrides.join(' ')}` : ''} · ${x.seed === null ? 'nominal schedule' : `random seed ${x.seed}`} · ${x.events.length} events`;
    banner.append(el('strong', {}, `${this.file2 ? 'A: ' : ''}Trace file ${this.file.name}`), el('span', {}, about(t)));
    if (t.app !== undefined) banner.append(el('span', { 'data-testid': 'file-own-views' }, ` · ${ownViewsNote(t.app)}`));
    if (this.file2) banner.append(el('strong', {}, ` B: trace file ${this.file2.name}`), el('span', {}, about(this.file2.trace)));
    const compareInput = el('input', { type: 'file', class: 'visually-hidden', id: 'file-compare-input', 'data-testid': 'file-compare-input', accept: '.json,.yaml,.yml,application/json', 'aria-label': `${this.file2 ? 'Compare with another trace…' : 'Compare with a second trace…'} (a trace or scenario file to compare with this one)` });
    compareInput.addEventListener('change', () => {
      const f = compareInput.files?.[0];
      if (f) void f.text().then((text) => this.compareText(text, f.name));
    });
    const compare = el('label', { class: 'button', for: 'file-compare-input', 'data-testid': 'file-compare' }, this.file2 ? 'Compare with another trace…' : 'Compare with a second trace…');
    banner.append(rerun, compare, compareInput, close);
  }

  // ---- the guided tour (viz/lessons) ---------------------------------------------------------

  /** Shows one in-page run (re-running only if it is not the one shown) at the slot of event `seq`. */
  showRun(spec: RunSpec, seq: number): void {
    const shown = !this.file && this.runs.length === 1 && JSON.stringify(this.runs[0]) === JSON.stringify(spec);
    if (!shown) {
      this.file = null;
      this.file2 = null;
      this.runs = [spec];
      this.recompute();
      this.clearError();
      this.renderAll();
    }
    this.cursor = this.clamp(this.tl.eventSlot[0]?.[seq] ?? 0);
    this.renderStep(true);
  }

  /** The single in-page run's trace, as shown; null for a comparison or a file. */
  currentTrace(): Trace | null {
    return this.file || this.ix.length !== 1 ? null : this.ix[0].trace;
  }

  /** The last event of the single run at or before the cursor (-1 before the first). */
  currentEvent(): number {
    return this.tl.n && this.tl.lastEvent[0] ? this.tl.lastEvent[0][this.cursor] : -1;
  }

  goToEvent(seq: number): void {
    // The tour moves the run itself, past a question it has just held at.
    const held = this.heldAt;
    this.heldAt = null;
    this.go(this.tl.eventSlot[0]?.[seq] ?? this.cursor);
    this.heldAt = held;
  }

  /** The tour's question waits at event `seq` of run `run` (null: none): the runs may not be moved past it. */
  holdAt(seq: number | null, run = 0): void {
    this.heldAt = seq;
    this.heldRun = run;
  }

  /** The tour asks a question: hide what the run does next (timing rows, bands, the cache-key analysis, verdicts). */
  setHideFuture(on: boolean): void {
    if (on === this.hideFuture) return;
    this.hideFuture = on;
    byTestId(this.doc, 'cachekeys').closest('section')!.hidden = on;
    this.lock();
    if (this.tl.n) this.renderStep(false);
  }

  /**
   * A question of the tour waits (`on`), the tour maybe paused on the learner's own run: that run is
   * shown in full, but not the "Does it hold?" strip, which judges every preset of the scenario (the
   * lesson's run among them: "broken ◆ came back"), nor the guide.
   */
  setQuestionPending(on: boolean): void {
    if (on === this.pending) return;
    this.pending = on;
    this.lock();
  }

  private lock(): void {
    byTestId(this.doc, 'holds').hidden = this.hideFuture || this.pending || this.file !== null;
    // An export is the whole run with its verdicts and marks: while a question waits it would be the answer.
    // The guide's examples are runs of the course, with their outcomes.
    for (const id of ['export-svg', 'export-png', 'export-flow-svg', 'export-json', 'open-guide']) {
      const b = byTestId(this.doc, id) as HTMLButtonElement;
      const on = this.hideFuture || (id === 'open-guide' && this.pending);
      b.disabled = on;
      if (on) b.dataset.title ??= b.title;
      b.title = on ? `Answer the question first: ${id === 'open-guide' ? "the guide's examples show how the course's runs end" : 'an export shows the whole run'}` : (b.dataset.title ?? b.title);
    }
  }

  /** The tour moves the run: the step bar says nothing until it lets go, then the step it stopped at. */
  hushSteps(on: boolean): void {
    this.stepper.hush(on);
  }

  setLesson(n: number | null): void {
    this.lesson = n;
    this.scheduleUrl();
  }

  // ---- steps worth jumping to ---------------------------------------------------------------

  private resurrectionSlots(): number[] {
    const out: number[] = [];
    this.ix.forEach((x, r) => x.comeBacks.forEach((seq) => out.push(this.tl.eventSlot[r][seq])));
    return out.sort((a, b) => a - b);
  }

  private firstResurrectionSlot(): number | null {
    return this.resurrectionSlots()[0] ?? null;
  }

  private nextResurrectionSlot(): number | null {
    return this.nextSlotOf(this.resurrectionSlots());
  }

  /** Slots of the events where an invariant breaks, in runs where nothing comes back. */
  private breakSlots(): number[] {
    const out: number[] = [];
    this.breaks.forEach((b, r) => b.forEach((_, seq) => out.push(this.tl.eventSlot[r][seq])));
    return out.sort((a, b) => a - b);
  }

  private nextSlotOf(all: number[]): number | null {
    return all.find((s) => s > this.cursor) ?? all[0] ?? null;
  }

  private diffSlot(): number | null {
    if (this.diff === null) return null;
    const slots = this.ix.map((x, r) => (this.diff! < x.events.length ? this.tl.eventSlot[r][this.diff!] : Infinity));
    const s = Math.min(...slots);
    return Number.isFinite(s) ? s : null;
  }

  // ---- URL, files, errors -------------------------------------------------------------------

  private scheduleUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => {
      let search = toSearch({ runs: this.runs, step: this.cursor, file: this.file ? this.file.name : null, lesson: this.file ? null : this.lesson });
      if (this.tree && this.tree.length > 1 && !this.file) {
        const q = new URLSearchParams(search);
        const rc = this.tree[0].spec.choices;
        if (rc && rc.length) q.set('branchroot', rc.join('-'));
        for (const p of treeParams(this.tree)) q.append('branch', p);
        search = `?${q.toString()}`;
      }
      const push = this.pushUrl;
      this.pushUrl = false;
      if (search === this.doc.location.search) return;
      if (push) history.pushState(null, '', search);
      else history.replaceState(null, '', search);
    }, 120);
  }

  private exportName(): string {
    // A scripted schedule (check's counterexample, a what-if branch) is named by its deviations: it
    // shared the nominal run's file name, and one export overwrote the other.
    return baseName(this.file ? [this.file.name.replace(/\.json$/i, '')] : this.runs.map((r) => `${r.scenario}_${r.preset}${r.seed === null ? '' : `_seed-${r.seed}`}${scheduleTag(r.choices)}`));
  }

  /** Each run's verdict as its card words it, for an exported picture. */
  private verdictLines(): string[] {
    return this.ix.map((x, r) => `${x.name}: ${verdictOf(x, this.bands[r].violations).text}`);
  }

  private timingSvg(): SVGSVGElement | null {
    const svg = this.diagram.exportSvg();
    return svg && addCaption(svg, `Timing diagram: ${this.titles().join(' | ')}`, this.verdictLines(), keyText(TIMING_KEY));
  }

  private exportTiming(): void {
    const svg = this.timingSvg();
    if (svg) download(svgText(svg), `${this.exportName()}_timing.svg`, 'image/svg+xml');
  }

  private async exportPng(): Promise<void> {
    const svg = this.timingSvg();
    if (!svg) return;
    try {
      downloadBlob(await svgToPng(svg), `${this.exportName()}_timing.png`);
    } catch (e) {
      this.showError(`Could not export a PNG: ${this.reason(e)}`);
    }
  }

  private exportFlow(): void {
    const models = this.ix.map((x, r) => buildFlowModel(x, this.tl.lastEvent[r][this.cursor] ?? -1, this.tl.slotEvent[r][this.cursor] >= 0));
    const sentences = this.sentences.map((s) => s.textContent ?? '');
    const titles = this.titles().map((t) => `${t} · step ${this.cursor + 1}`);
    download(svgText(addCaption(flowSvg(models, titles, sentences), `Layered flow: ${titles.join(' | ')}`, this.verdictLines(), keyText(FLOW_KEY))), `${this.exportName()}_flow_step-${this.cursor + 1}.svg`, 'image/svg+xml');
  }

  private exportJson(): void {
    this.ix.forEach((x, r) => download(`${JSON.stringify(x.trace, null, 1)}\n`, `${this.exportName()}${this.ix.length > 1 ? `_${RUN_NAMES[r]}` : ''}.trace.json`, 'application/json'));
  }

  private reason(e: unknown): string {
    if (e instanceof TraceFileError || e instanceof UsageError) return e.message;
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }

  showError(message: string): void {
    const box = byTestId(this.doc, 'error');
    byTestId(this.doc, 'error-text').textContent = message;
    box.hidden = false;
  }

  clearError(): void {
    byTestId(this.doc, 'error').hidden = true;
  }

  /** For tests and benchmarks: what is shown. */
  snapshot(): { cursor: number; steps: number; runs: RunSpec[]; file: string | null; events: number[] } {
    return { cursor: this.cursor, steps: this.tl.n, runs: this.runs, file: this.file ? [this.file.name, this.file2?.name].filter(Boolean).join(' + ') : null, events: this.ix.map((x) => x.events.length) };
  }
}

/** "_deviations-N" for a scripted schedule off the nominal one, else nothing. */
function scheduleTag(choices: readonly number[] | null | undefined): string {
  const off = (choices ?? []).filter((c) => c !== 0).length;
  return off ? `_deviations-${off}` : '';
}

/** An opened file's run, named first (a diagram's title is cut to its width from the end), then the file. */
function fileSource(f: { trace: Trace; name: string }): string {
  return `${describeTrace(f.trace)} · file ${f.name}`;
}

function firstSlotAt(tl: Timeline, t: number): number {
  const i = lastAtOrBefore(tl.slotT, t - 1e-9);
  return i + 1;
}
