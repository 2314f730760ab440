// The guided tour: opens a lesson's run (scenario, preset, overrides, seed) as the page's single
// run, steps to each question's checkpoint, asks, checks the learner's choice against
// `question.answer(trace)` evaluated on the very trace the page shows, reveals, then plays the run
// on (animated stepping) to the next checkpoint; at the end, the takeaway and the exercise.
// Progress goes to localStorage (progress.ts) and shows in the picker (picker.ts).
//
// It talks to the page only through TourHost (the App implements it), and renders every piece
// of lesson or trace text with textContent.
import './lessons.css';
import { getLesson, lessonCommand, LESSONS } from '../../sim/lessons/index';
import type { Lesson, Question } from '../../sim/lessons/types';
import type { Trace } from '../../sim/trace';
import type { Config, ConfigKey } from '../../src/config';
import { describeSpec, effectiveConfig, type RunSpec } from '../model/runSpec';
import { openDoc } from '../ui/docDialog';
import { byTestId, clear, el } from '../ui/dom';
import { COLORS } from '../ui/palette';
import { LessonPicker } from './picker';
import { answerTo, endOfRun, Progress, PROGRESS_KEY, type GivenAnswer } from './progress';
import { choiceText, MARK, richText } from './text';
import { describeOtherRun } from '../../sim/lessons/otherRun';
import { otherRunLinks } from './otherRunLinks';
import { releaseSheet, showQuestion, whenSheetTurns } from './questionInView';
// Steps per second when playing on to the next checkpoint (the facilitator's agenda counts it too).
import { PLAY_STEPS_PER_S } from '../../sim/lessons/tourPace';

export interface TourHost {
  /** The lesson named by the URL when the page opened. */
  lesson: number | null;
  /** The question (from 1) the URL named with it, if any; the tour takes it once. */
  lessonQuestion: number | null;
  onRender: (() => void) | null;
  showRun(spec: RunSpec, seq: number): void;
  currentTrace(): Trace | null;
  currentEvent(): number;
  goToEvent(seq: number): void;
  setLesson(n: number | null): void;
  setHideFuture(on: boolean): void;
  /** A question waits, the tour maybe paused on another run: what judges every run (the "Does it hold?" strip, the guide) stays away. */
  setQuestionPending(on: boolean): void;
  /** While a question waits at event `seq` of run `run`, the learner cannot move the run past it (null: free). */
  holdAt(seq: number | null, run?: number): void;
  /** Nothing is said of the steps while on; off says the step shown, once. */
  hushSteps(on: boolean): void;
  showError(message: string): void;
  snapshot(): { runs: RunSpec[]; file: string | null };
}

type Phase = 'ask' | 'checking' | 'revealed' | 'playing' | 'done';

interface Tour {
  lesson: Lesson;
  spec: RunSpec;
  trace: Trace;
  /** Each question's checkpoint (an event seq) in the run. */
  checkpoints: number[];
  /** The question asked (or just answered, while revealed/playing); questions.length when done. */
  q: number;
  phase: Phase;
  /** Answers and reveals, computed from the run once each (some lessons run a whole check). */
  computed: Map<string, { answer: number; reveal: string }>;
  /** The learner changed the run (controls, a file): the tour waits until they come back. */
  detached: boolean;
  /** Each question's trace excerpt, computed once (some run other scenarios). */
  excerpts: Map<string, string[]>;
}


type Focus = 'choice' | 'play-on' | 'heading' | null;

export class LessonTour {
  private tour: Tour | null = null;
  private minimized = false;
  private timer: number | null = null;
  private arrive: (() => void) | null = null;
  private focus: Focus = null;
  private readonly progress = new Progress();
  private readonly picker: LessonPicker;
  private readonly dock: HTMLElement;
  private readonly live: HTMLElement;
  private readonly body: HTMLElement;
  private readonly head: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly host: TourHost,
  ) {
    const bar = byTestId(doc, 'lessons');
    this.dock = byTestId(doc, 'lesson-tour');
    for (const root of [bar, this.dock]) {
      root.style.setProperty('--lesson-right', COLORS.blue);
      root.style.setProperty('--lesson-wrong', COLORS.vermillion);
    }
    this.picker = new LessonPicker(bar, LESSONS, this.progress, { open: (n) => this.open(n, true), reset: () => this.reset() });
    this.head = el('header', { class: 'tour-head' });
    this.body = el('div', { class: 'tour-body', id: 'tour-body', 'data-testid': 'tour-body' });
    this.live = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'tour-live' });
    this.dock.append(this.head, this.body, this.live);
    this.dock.hidden = true;
    // Escape hides the tour to its header bar, as it folds Edit and the lesson list, and the keyboard
    // goes to "Show the tour" (their toggle). Hide, not close: closing while a question waits would
    // lift the page's hold and show the answer; hidden, the question still waits.
    this.dock.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape' || ev.defaultPrevented || !this.tour || this.minimized) return;
      ev.preventDefault();
      this.setMinimized(true);
    });
    host.onRender = () => this.checkAttached();
    // A phone turned while a question waits: the sheet was sized (or not) for the other orientation.
    whenSheetTurns(doc, () => this.keepQuestionInView());
    // Another tab of the page answered a question or cleared the progress (a shared machine, a
    // second lesson open): the picker says so without a reload.
    doc.defaultView?.addEventListener('storage', (e) => {
      if (e.key === PROGRESS_KEY || e.key === null) this.picker.render();
    });
  }

  /** Opens the lesson the URL names (docs links: `?scenario=..&at=..&lesson=n`). */
  start(): void {
    if (this.host.lesson !== null) this.open(this.host.lesson, false);
  }

  // ---- opening, closing, resetting ----------------------------------------------------------

  open(n: number, fromPicker: boolean): void {
    this.stopPlaying();
    // The step bar says the question's step once, as the question shows it (not the run's first
    // step, nor the checkpoint with its judgements before the page hides them). A lesson link's
    // page was hushed from the start (App.start).
    this.host.hushSteps(true);
    let lesson: Lesson;
    try {
      lesson = getLesson(n);
    } catch (e) {
      this.fail(e);
      this.host.hushSteps(false);
      return;
    }
    const spec: RunSpec = { scenario: lesson.run.scenario, preset: lesson.run.preset, overrides: [...lesson.run.overrides], seed: lesson.run.seed };
    const p = this.progress.get(lesson);
    const tour: Tour = { lesson, spec, trace: null as unknown as Trace, checkpoints: [], q: this.linkedQuestion(lesson, fromPicker, p.current) ?? p.current, phase: 'ask', computed: new Map(), detached: false, excerpts: new Map() };
    this.tour = tour;
    try {
      this.host.showRun(spec, 0);
      this.attachTrace(tour);
    } catch (e) {
      this.fail(e, `Could not open lesson ${n}`);
      this.host.hushSteps(false);
      return;
    }
    tour.phase = tour.q >= lesson.questions.length ? 'done' : 'ask';
    this.host.setHideFuture(tour.phase === 'ask');
    this.host.goToEvent(this.restingSeq(tour));
    this.host.setLesson(n);
    this.minimized = false;
    if (fromPicker) this.picker.setExpanded(false);
    this.picker.setActive(n);
    // A lesson link opens the page for its question: the keyboard starts there, not 20 Tabs away.
    this.focus = tour.phase === 'ask' ? 'choice' : 'heading';
    this.render();
    this.host.hushSteps(false);
    this.say(tour.phase === 'ask' ? `Lesson ${n}: question ${tour.q + 1} of ${lesson.questions.length}` : `Lesson ${n}: done`);
  }

  /**
   * The question a trainer's link names (`&question=3`), 0-based, once: a learner who joins a
   * session late opens the room's question, answered or not; the picker, a reload of the tour's own
   * URL and later lessons go by the learner's progress.
   */
  private linkedQuestion(lesson: Lesson, fromPicker: boolean, current: number): number | null {
    const k = this.host.lessonQuestion;
    this.host.lessonQuestion = null;
    if (k === null || fromPicker || lesson.n !== this.host.lesson) return null;
    if (k <= lesson.questions.length) return k - 1;
    // A learner who has answered them all gets the lesson's end, not a question.
    const instead = current < lesson.questions.length ? 'opening the first you have not answered' : 'you have answered them all: here is the end of the lesson';
    this.host.showError(`lesson ${lesson.n} has ${lesson.questions.length} questions, not ${k}; ${instead}`);
    return null;
  }

  /** Takes the trace the page shows for the lesson's run, and the checkpoints in it. */
  private attachTrace(tour: Tour): void {
    const trace = this.host.currentTrace();
    if (!trace) throw new Error("the page is not showing the lesson's run");
    const last = trace.events.length - 1;
    tour.trace = trace;
    tour.checkpoints = tour.lesson.questions.map((q) => Math.max(0, Math.min(last, q.checkpoint(trace))));
    tour.computed.clear();
    tour.excerpts.clear();
  }

  /** Where the run rests in the current phase: the question's checkpoint, or the end. */
  private restingSeq(t: Tour): number {
    return t.q < t.checkpoints.length ? t.checkpoints[t.q] : t.trace.events.length - 1;
  }

  close(): void {
    this.stopPlaying();
    this.tour = null;
    this.host.setLesson(null);
    this.picker.setActive(null);
    this.render();
    (this.doc.querySelector<HTMLElement>('[data-testid="lessons-toggle"]'))?.focus();
  }

  private reset(): void {
    this.progress.resetAll();
    this.picker.render();
    this.picker.say('Progress cleared.');
    if (this.tour) this.open(this.tour.lesson.n, false);
  }

  private restartLesson(): void {
    if (!this.tour) return;
    this.progress.resetLesson(this.tour.lesson);
    this.picker.render();
    this.open(this.tour.lesson.n, true);
  }

  private fail(e: unknown, prefix?: string): void {
    this.stopPlaying();
    this.tour = null;
    const message = e instanceof Error ? e.message : String(e);
    this.host.showError(prefix ? `${prefix}: ${message}` : message);
    this.host.setLesson(null);
    this.picker.setActive(null);
    this.render();
  }

  // ---- the run changing under the tour ------------------------------------------------------

  private checkAttached(): void {
    const t = this.tour;
    if (!t) return;
    // Paused, the page may still show the lesson's run (compared with a second one): it stays unjudged.
    if (t.detached) return this.render();
    const s = this.host.snapshot();
    if (s.file === null && s.runs.length === 1 && sameSpec(s.runs[0], t.spec)) return;
    t.detached = true;
    if (t.phase === 'playing') {
      this.stopPlaying();
      t.phase = 'revealed';
    }
    this.host.setLesson(null);
    this.render();
  }

  private reattach(): void {
    const t = this.tour;
    if (!t) return;
    // As on opening: the question's step is said once, as the question shows it.
    this.host.hushSteps(true);
    try {
      this.host.showRun(t.spec, this.restingSeq(t));
      const computed = new Map(t.computed);
      this.attachTrace(t);
      for (const [k, v] of computed) t.computed.set(k, v);
    } catch (e) {
      this.host.hushSteps(false);
      this.fail(e, `Could not reopen lesson ${t.lesson.n}`);
      return;
    }
    t.detached = false;
    this.host.setHideFuture(t.phase === 'ask');
    this.host.goToEvent(this.restingSeq(t));
    this.host.setLesson(t.lesson.n);
    this.focus = t.phase === 'ask' ? 'choice' : 'heading';
    this.render();
    this.host.hushSteps(false);
  }

  // ---- answering and playing on -------------------------------------------------------------

  /** The right answer and the reveal, from the run in the page. */
  private result(t: Tour, q: Question): { answer: number; reveal: string } {
    let r = t.computed.get(q.id);
    if (!r) {
      const answer = q.answer(t.trace);
      if (!Number.isInteger(answer) || answer < 0 || answer >= q.choices.length) throw new Error(`lesson ${t.lesson.n}, question "${q.id}": the run gives answer ${answer}, which is not one of its ${q.choices.length} choices`);
      r = { answer, reveal: q.reveal(t.trace) };
      t.computed.set(q.id, r);
    }
    return r;
  }

  private async submit(choice: number): Promise<void> {
    const t = this.tour;
    if (!t || t.phase !== 'ask' || t.detached) return;
    const q = t.lesson.questions[t.q];
    t.phase = 'checking';
    this.render();
    // Let "checking…" paint: a few questions run whole simulations to get their answer.
    await new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    if (this.tour !== t || t.phase !== 'checking') return;
    let r: { answer: number; reveal: string };
    try {
      r = this.result(t, q);
    } catch (e) {
      t.phase = 'ask';
      this.render();
      this.host.showError(e instanceof Error ? e.message : String(e));
      return;
    }
    const right = choice === r.answer;
    this.progress.answer(t.lesson, q.id, { choice, right });
    this.picker.render();
    t.phase = 'revealed';
    this.focus = 'play-on';
    this.render();
    this.say(right ? `Right: ${choiceText(q.choices, r.answer)}.` : `Wrong. The right answer is ${choiceText(q.choices, r.answer)}.`);
  }

  private playOn(): void {
    const t = this.tour;
    if (!t || t.phase !== 'revealed' || t.detached) return;
    const next = t.q + 1;
    const target = next < t.checkpoints.length ? t.checkpoints[next] : t.trace.events.length - 1;
    const arrive = () => {
      this.stopPlaying(false);
      if (this.tour !== t || t.detached) return this.host.hushSteps(false);
      t.q = next;
      t.phase = next < t.checkpoints.length ? 'ask' : 'done';
      // The page hides what is to come before the run gets to the question's step, which is said once.
      this.host.hushSteps(true);
      this.host.setHideFuture(t.phase === 'ask');
      this.host.goToEvent(target);
      this.focus = t.phase === 'ask' ? 'choice' : 'heading';
      this.render();
      this.host.hushSteps(false);
      this.say(t.phase === 'ask' ? `Question ${next + 1} of ${t.checkpoints.length}` : `End of the run. ${endOfRun(t.lesson, this.progress.get(t.lesson)).score}`);
    };
    if (reducedMotion() || this.host.currentEvent() >= target) {
      arrive();
      return;
    }
    t.phase = 'playing';
    this.arrive = arrive;
    this.focus = 'heading';
    this.host.hushSteps(true);
    this.render();
    this.timer = window.setInterval(() => {
      if (this.tour !== t || t.detached) return this.stopPlaying();
      const cur = this.host.currentEvent();
      if (cur + 1 >= target) arrive();
      else this.host.goToEvent(cur + 1);
    }, 1000 / PLAY_STEPS_PER_S);
  }

  /** `letGo`: the step bar may speak again (arriving at the next question lets go itself, once there). */
  private stopPlaying(letGo = true): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      if (letGo) this.host.hushSteps(false);
    }
    this.timer = null;
    this.arrive = null;
  }

  /** Hides the tour to its header bar or shows it again; the keyboard stays on the button that does it, and hears what changed. */
  private setMinimized(on: boolean): void {
    const t = this.tour;
    this.minimized = on;
    this.render();
    this.head.querySelector<HTMLElement>('[data-testid="tour-minimize"]')?.focus();
    // Shown again on a phone: the sheet grows back to hold the waiting question.
    if (!on) this.keepQuestionInView();
    const waits = t && !t.detached && (t.phase === 'ask' || t.phase === 'checking') ? ` Question ${t.q + 1} still waits.` : '';
    this.say(on ? `Tour hidden.${waits} "Show the tour" brings it back.` : `Tour shown.${waits}`);
  }

  /** The waiting question in view again, its sheet sized for the window as it now is (nothing when none is shown). */
  private keepQuestionInView(): void {
    if (this.minimized) return;
    const choice = this.body.querySelector<HTMLElement>('input[type="radio"]:checked') ?? this.body.querySelector<HTMLElement>('input[type="radio"]');
    if (choice) showQuestion(this.dock, this.body, choice);
  }

  private say(message: string): void {
    this.live.textContent = message;
  }

  // ---- rendering ----------------------------------------------------------------------------

  private render(): void {
    const t = this.tour;
    this.dock.hidden = !t;
    // While a question waits for an answer, the page hides the run's outcome line (lessons.css), and
    // so while the tour is paused if the page still shows the lesson's run (compared with another).
    const lessonRun = t ? this.lessonRunShown(t) : -1;
    const pending = Boolean(t && (t.phase === 'ask' || t.phase === 'checking'));
    // Paused on the run the waiting question is about (lesson 7: "two-worker-reload under seed-fix"),
    // the page shows it unjudged, as the lesson's own (its verdict is the answer), free to step.
    const aboutRun = Boolean(t && pending && t.detached && lessonRun < 0 && this.aboutRunShown(t));
    const asking = pending && (lessonRun >= 0 || aboutRun);
    if (asking) this.doc.body.dataset.tourAsking = 'true';
    else delete this.doc.body.dataset.tourAsking;
    if (t && !this.minimized) this.doc.body.dataset.tourOpen = 'true';
    else delete this.doc.body.dataset.tourOpen;
    if (!asking || this.minimized) releaseSheet(this.doc);
    this.host.setHideFuture(asking);
    this.host.holdAt(asking && t && lessonRun >= 0 ? t.checkpoints[t.q] : null, lessonRun);
    this.host.setQuestionPending(pending);
    clear(this.head);
    clear(this.body);
    if (!t) return;
    const { lesson } = t;
    const total = lesson.questions.length;
    this.dock.dataset.lesson = String(lesson.n);
    this.dock.dataset.phase = t.detached ? 'detached' : t.phase;

    const title = el('h2', { id: 'tour-title', tabindex: '-1', 'data-testid': 'tour-title' }, `Lesson ${lesson.n}: ${lesson.title}`);
    // Answers to the questions before the one waiting (and to it once revealed): a trainer's link may
    // open a question the learner answered before, whose answer, and the later ones' reveals, are
    // what it asks them to predict.
    const upTo = t.phase === 'ask' || t.phase === 'checking' ? t.q : t.q + 1;
    const answered = lesson.questions
      .map((q, i) => ({ q, i, given: answerTo(this.progress.get(lesson).answers, q.id) }))
      .filter((x): x is typeof x & { given: GivenAnswer } => x.given !== undefined && x.i < upTo);
    const soFar = answered.filter((x) => x.given.right).length;
    const where = el('span', { class: 'tour-progress', 'data-testid': 'tour-progress' }, t.phase === 'done' ? endOfRun(lesson, this.progress.get(lesson)).head : `question ${t.q + 1} of ${total}${answered.length ? ` · ${soFar}/${answered.length} right so far` : ''}`);
    const min = el('button', { type: 'button', 'data-testid': 'tour-minimize', 'aria-expanded': String(!this.minimized), 'aria-controls': 'tour-body' }, this.minimized ? 'Show the tour' : 'Hide');
    min.addEventListener('click', () => this.setMinimized(!this.minimized));
    // Named by its visible words (axe label-content-name-mismatch: speech control says "click Close tour").
    const close = el('button', { type: 'button', 'data-testid': 'tour-close', title: 'Close the guided tour' }, 'Close tour');
    close.addEventListener('click', () => this.close());
    // The lessons use words (preset, nominal schedule, LocMem, HX-Trigger) before they explain them.
    const words = el('button', { type: 'button', 'data-testid': 'tour-glossary', title: 'The words the course uses (docs/lessons/glossary.md)' }, 'Glossary');
    words.addEventListener('click', () => openDoc('glossary'));
    this.head.append(el('span', { class: 'tour-badge', 'aria-hidden': 'true' }, 'Guided tour'), title, where, el('span', { class: 'tour-head-actions' }, words, min, close));
    this.body.hidden = this.minimized;
    this.dock.dataset.minimized = String(this.minimized);
    this.dock.setAttribute('aria-labelledby', 'tour-title');

    this.body.append(this.setupBlock(t));
    if (answered.length) {
      const list = el('ol', { class: 'tour-results', 'data-testid': 'tour-results' });
      for (const { q, i, given } of answered) list.append(this.resultItem(t, q, i, given.choice, t.phase === 'revealed' && i === t.q));
      this.body.append(list);
    }
    if (t.detached) this.body.append(this.detachedBlock(pending ? t.q : null, aboutRun));
    else if (t.phase === 'ask') this.body.append(this.questionForm(t));
    else if (t.phase === 'checking') this.body.append(el('p', { class: 'tour-wait', 'data-testid': 'tour-checking' }, 'Checking your answer against the run…'));
    else if (t.phase === 'revealed') this.body.append(this.playOnBlock(t));
    else if (t.phase === 'playing') this.body.append(this.playingBlock(t));
    else this.body.append(this.doneBlock(t));
    this.applyFocus();
  }

  /**
   * Which of the page's runs is the lesson's (0 unless paused; -1: none, or a file). Paused, a run of
   * another configuration that makes the very same trace (a knob set to what it was) is the lesson's too.
   */
  private lessonRunShown(t: Tour): number {
    if (!t.detached) return 0;
    const s = this.host.snapshot();
    if (s.file !== null) return -1;
    const r = s.runs.findIndex((x) => sameSpec(x, t.spec));
    if (r >= 0) return r;
    const shown = this.host.currentTrace();
    return shown && sameEvents(shown, t.trace) ? 0 : -1;
  }

  /**
   * Whether the page shows the run the waiting question is about: one of its scenarios under its
   * configuration, however it is spelt (a knob set to the value it has is the same run, whose verdict
   * is the answer), as the lesson's own run is recognised by its trace.
   */
  private aboutRunShown(t: Tour): boolean {
    const about = t.lesson.questions[t.q]?.about;
    const s = this.host.snapshot();
    if (!about || s.file !== null) return false;
    return s.runs.some((r) => about.scenarios.includes(r.scenario) && sameConfig(effectiveConfig(r), effectiveConfig({ scenario: r.scenario, preset: about.preset, overrides: about.overrides, seed: null })));
  }

  private setupBlock(t: Tour): HTMLElement {
    const { lesson } = t;
    const fresh = t.phase === 'ask' && t.q === 0 && !Object.keys(this.progress.get(lesson).answers).length;
    const details = el('details', { class: 'tour-setup', 'data-testid': 'tour-setup', open: fresh });
    details.append(
      el('summary', {}, 'What you are looking at'),
      el('p', {}, el('strong', {}, 'Goal. '), richText(lesson.goal)),
      el('p', {}, richText(lesson.setup)),
      el('p', { class: 'tour-run' }, `Run: ${describeSpec(t.spec)}. In a terminal: `, el('code', {}, `npx cachelab lesson ${lesson.n}`), ' or ', el('code', {}, lessonCommand(lesson))),
    );
    return details;
  }

  private checkpointLine(t: Tour, i: number): string {
    const e = t.trace.events[t.checkpoints[i]];
    return e ? `Paused at step ${e.seq + 1} of ${t.trace.events.length}, ${e.t} ms: ${e.label}` : '';
  }

  /** A question about another run says which, above it: the page behind still shows the lesson's run. */
  private otherRunNote(t: Tour, q: Question): HTMLElement | null {
    if (!q.about) return null;
    return el(
      'p',
      { class: 'tour-other-run', 'data-testid': 'tour-other-run' },
      el('strong', {}, '⇄ About another run: '),
      el('code', {}, describeOtherRun(q.about)),
      `. The page still shows this lesson's run (${describeSpec(t.spec)})${q.excerpt ? "; the lines below are from the other run" : ''}.`,
    );
  }

  private questionForm(t: Tour): HTMLElement {
    const q = t.lesson.questions[t.q];
    const form = el('form', { class: 'tour-question', 'data-testid': 'tour-question', 'data-question-id': q.id, 'data-question': t.q, 'aria-describedby': 'tour-checkpoint' });
    const legend = el('legend', {}, el('span', { class: 'tour-qn' }, `Question ${t.q + 1} of ${t.lesson.questions.length}. `), richText(q.prompt));
    const fieldset = el('fieldset', {}, legend);
    const submit = el('button', { type: 'submit', class: 'tour-primary', 'data-testid': 'tour-submit', disabled: true }, 'Check my answer');
    q.choices.forEach((c, j) => {
      const id = `tour-choice-${q.id}-${j}`;
      const input = el('input', { type: 'radio', name: `tour-q-${q.id}`, id, value: j, 'data-testid': `tour-choice-${j}`, 'aria-label': choiceText(q.choices, j) });
      // The radio is named "(A) …"; the words beside it are that name again, which a screen reader
      // in browse mode read a second time after the radio.
      fieldset.append(el('label', { class: 'tour-choice', for: id }, input, el('span', { 'aria-hidden': 'true' }, el('span', { class: 'tour-letter' }, choiceText(q.choices, j).split(' ')[0]), ' ', richText(c))));
    });
    fieldset.append(el('p', { class: 'tour-hint muted' }, "Predict first: pick an answer, then the run plays on and shows you. Until you answer, the page draws nothing after this step, and the layers show what they hold without marking which copies are stale: comparing them is yours to do. (Arrow keys move between the choices.)"));
    form.append(el('p', { class: 'tour-checkpoint', id: 'tour-checkpoint', 'data-testid': 'tour-checkpoint' }, this.checkpointLine(t, t.q)));
    const other = this.otherRunNote(t, q);
    if (other) form.append(other);
    form.append(fieldset, submit);
    const excerpt = this.excerptBlock(t, q);
    if (excerpt) form.append(excerpt);
    form.addEventListener('change', () => {
      submit.disabled = !form.querySelector('input:checked');
    });
    // Arrow keys belong to the radio group here, not to the page's stepper.
    form.addEventListener('keydown', (ev) => {
      if ((ev.target as HTMLElement).tagName === 'INPUT' && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(ev.key)) ev.stopPropagation();
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const checked = form.querySelector<HTMLInputElement>('input:checked');
      if (checked) void this.submit(Number(checked.value));
    });
    return form;
  }

  /**
   * The trace lines the question needs (the lesson's own excerpt, as `cachelab lesson n --no-answers`
   * prints it): lines up to the checkpoint, or of another run the question is about. They state no
   * answer (the e2e sweep checks the panel for the reveal at every question).
   */
  private excerptBlock(t: Tour, q: Question): HTMLElement | null {
    let lines: string[];
    try {
      lines = t.excerpts.get(q.id) ?? q.excerpt?.(t.trace) ?? [];
      t.excerpts.set(q.id, lines);
    } catch (e) {
      return el('p', { class: 'tour-excerpt-error', 'data-testid': 'tour-excerpt-error' }, `The trace lines for this question could not be computed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!lines.length) return null;
    // A Tab stop: the lines scroll past 220 px, and a keyboard reaches them only so outside Chromium (axe scrollable-region-focusable).
    const box = el('div', { class: 'tour-excerpt', 'data-testid': 'tour-excerpt', role: 'group', 'aria-label': 'Trace lines for this question', tabindex: 0 });
    for (const line of lines) box.append(el('code', { class: 'tour-excerpt-line' }, line));
    return el('details', { class: 'tour-excerpt-box', open: true }, el('summary', {}, `The trace lines this question needs${q.about ? `, from ${q.about.scenarios.join(', ')}` : ''} (${lines.length})`), box);
  }

  private resultItem(t: Tour, q: Question, i: number, chosen: number, open: boolean): HTMLElement {
    let r: { answer: number; reveal: string };
    try {
      r = this.result(t, q);
    } catch (e) {
      return el('li', { class: 'tour-result', 'data-testid': 'tour-result' }, `Question ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const right = chosen === r.answer;
    const verdict = right ? `${MARK.right} Right` : `${MARK.wrong} Wrong`;
    const item = el('li', { class: 'tour-result', 'data-testid': 'tour-result', 'data-question-id': q.id, 'data-right': String(right) });
    const details = el('details', { open }, el('summary', {}, el('span', { class: `tour-verdict tour-${right ? 'right' : 'wrong'}`, 'data-testid': 'tour-verdict' }, verdict), ` · question ${i + 1}: `, richText(q.prompt)));
    const choices = el('ul', { class: 'tour-choices-done' });
    q.choices.forEach((c, j) => {
      const marks: string[] = [];
      if (j === r.answer) marks.push(`${MARK.right} right answer`);
      if (j === chosen) marks.push(j === r.answer ? 'your answer' : `${MARK.wrong} your answer`);
      choices.append(el('li', { 'data-state': j === r.answer ? 'right' : j === chosen ? 'wrong' : 'other' }, richText(choiceText(q.choices, j)), marks.length ? ' · ' : null, marks.length ? el('span', { class: 'tour-mark' }, marks.join(', ')) : null));
    });
    details.append(
      el('p', { class: 'tour-answer-line', 'data-testid': 'tour-answer-line' }, right ? `You chose ${choiceText(q.choices, chosen)}: right.` : `You chose ${choiceText(q.choices, chosen)}: wrong. The right answer is ${choiceText(q.choices, r.answer)}.`),
      choices,
      el('p', { class: 'tour-reveal', 'data-testid': 'tour-reveal' }, el('strong', {}, 'From the run: '), richText(r.reveal)),
    );
    if (q.about) details.append(otherRunLinks(q.about));
    item.append(details);
    return item;
  }

  private playOnBlock(t: Tour): HTMLElement {
    const next = t.q + 1;
    // The next question asked at this very step: nothing plays, so the button does not say it will.
    const label = next >= t.checkpoints.length ? '▶ Play on to the end of the run' : t.checkpoints[next] === t.checkpoints[t.q] ? `▶ On to question ${next + 1} (same step)` : `▶ Play on to question ${next + 1}`;
    const button = el('button', { type: 'button', class: 'tour-primary', 'data-testid': 'tour-play-on' }, label);
    button.addEventListener('click', () => this.playOn());
    return el('p', { class: 'tour-next' }, button);
  }

  private playingBlock(t: Tour): HTMLElement {
    const next = t.q + 1;
    const skip = el('button', { type: 'button', 'data-testid': 'tour-skip' }, 'Skip ▶▶');
    skip.addEventListener('click', () => this.arrive?.());
    return el('p', { class: 'tour-wait', 'data-testid': 'tour-playing' }, next < t.checkpoints.length ? `Playing on to question ${next + 1}… ` : 'Playing on to the end of the run… ', skip);
  }

  private doneBlock(t: Tour): HTMLElement {
    const { lesson } = t;
    const end = endOfRun(lesson, this.progress.get(lesson));
    const again = el('button', { type: 'button', 'data-testid': 'tour-again' }, 'Start this lesson again');
    again.addEventListener('click', () => this.restartLesson());
    const nextLesson = LESSONS[LESSONS.indexOf(lesson) + 1];
    const actions = el('p', { class: 'tour-next' }, again);
    // A latecomer's way to the questions before the one they joined at: the tour opens at the first
    // unanswered one, as the picker does.
    if (end.open.length) {
      const back = el('button', { type: 'button', class: 'tour-primary', 'data-testid': 'tour-unanswered' }, `Answer question ${end.open[0]}`);
      back.addEventListener('click', () => this.open(lesson.n, true));
      actions.append(' ', back);
    }
    if (nextLesson) {
      const next = el('button', { type: 'button', class: 'tour-primary', 'data-testid': 'tour-next-lesson' }, `Next: lesson ${nextLesson.n}, ${nextLesson.title}`);
      next.addEventListener('click', () => this.open(nextLesson.n, true));
      actions.append(' ', next);
    }
    return el(
      'section',
      { class: 'tour-done', 'data-testid': 'tour-done' },
      el('p', { class: 'tour-score', 'data-testid': 'tour-score' }, `${end.allRight ? MARK.right : '●'} ${end.score}`),
      el('h3', {}, 'Takeaway'),
      el('p', { 'data-testid': 'tour-takeaway' }, richText(lesson.takeaway)),
      el('h3', {}, 'Exercise'),
      el('p', { 'data-testid': 'tour-exercise' }, richText(lesson.exercise)),
      actions,
    );
  }

  /** `waiting`: the question still unanswered; `about`: the page shows the run it is about. */
  private detachedBlock(waiting: number | null, about: boolean): HTMLElement {
    const back = el('button', { type: 'button', class: 'tour-primary', 'data-testid': 'tour-reattach' }, "Back to the lesson's run");
    back.addEventListener('click', () => this.reattach());
    const note =
      waiting === null
        ? ''
        : about
          ? ` This is the run question ${waiting + 1} is about: shown without its verdict or stale marks until you answer.`
          : ` Until you answer question ${waiting + 1}, the "Does it hold?" strip and the guide stay hidden: they judge the lesson's run too.`;
    return el('p', { class: 'tour-detached', 'data-testid': 'tour-detached' }, `You changed the run, so the tour is paused (its questions are about the lesson's run).${note} `, back);
  }

  private applyFocus(): void {
    const f = this.focus;
    this.focus = null;
    if (!f || this.minimized) return;
    const target =
      f === 'choice'
        ? this.body.querySelector<HTMLElement>('input[type="radio"]')
        : f === 'play-on'
          ? this.body.querySelector<HTMLElement>('[data-testid="tour-play-on"]')
          : this.head.querySelector<HTMLElement>('h2');
    if (!target) return;
    target.focus({ preventScroll: true });
    showQuestion(this.dock, this.body, target);
  }
}

function sameSpec(a: RunSpec, b: RunSpec): boolean {
  return a.scenario === b.scenario && a.preset === b.preset && a.seed === b.seed && !(a.choices && a.choices.length) && a.overrides.join('\n') === b.overrides.join('\n');
}

function sameConfig(a: Config, b: Config): boolean {
  return (Object.keys(a) as ConfigKey[]).every((k) => a[k] === b[k]);
}

function sameEvents(a: Trace, b: Trace): boolean {
  return a.events.length === b.events.length && a.events.every((e, i) => e.t === b.events[i].t && e.type === b.events[i].type && e.actor === b.events[i].actor && e.label === b.events[i].label);
}

function reducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
