// The learner's progress through the guided tours, kept in localStorage so it survives a reload:
// per lesson, the answer given to each question (by question id, so reordering a lesson does not
// shuffle old answers), whether it was right, and the question the tour is on. A browser that
// refuses storage (private mode, quota, a corrupt entry) gets an in-memory store instead: the tour
// still works, it just forgets on reload. What is stored is read through the Storage API
// (getItem/setItem) into a Map by lesson and null-prototype answer records, so a stored key or a
// question id that names an Object.prototype member (`__proto__`, `constructor`) is data, not a
// prototype lookup.
import type { Lesson } from '../../sim/lessons/types';

export const PROGRESS_KEY = 'cachelab.lessons.progress.v1';

export interface GivenAnswer {
  choice: number;
  right: boolean;
}

export interface LessonProgress {
  /** Index of the question the tour is on; questions.length once every question is answered. */
  current: number;
  answers: Record<string, GivenAnswer>;
}

type Store = Map<string, LessonProgress>;

function noAnswers(): Record<string, GivenAnswer> {
  return Object.create(null) as Record<string, GivenAnswer>;
}

export function answerTo(answers: Record<string, GivenAnswer>, id: string): GivenAnswer | undefined {
  return Object.hasOwn(answers, id) ? answers[id] : undefined;
}

function storage(): Storage | null {
  try {
    const s = window.localStorage;
    const probe = `${PROGRESS_KEY}.probe`;
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

function isAnswer(v: unknown): v is GivenAnswer {
  return typeof v === 'object' && v !== null && Number.isInteger((v as GivenAnswer).choice) && typeof (v as GivenAnswer).right === 'boolean';
}

/** Keeps only well-formed entries of whatever was stored. */
function sanitize(raw: unknown): Store {
  const out: Store = new Map();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [n, p] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof p !== 'object' || p === null) continue;
    const answers = noAnswers();
    const given = (p as LessonProgress).answers;
    if (typeof given === 'object' && given !== null) for (const [id, a] of Object.entries(given)) if (isAnswer(a)) answers[id] = { choice: a.choice, right: a.right };
    const current = Number.isInteger((p as LessonProgress).current) ? (p as LessonProgress).current : 0;
    out.set(n, { current: Math.max(0, current), answers });
  }
  return out;
}

export class Progress {
  private readonly s = storage();
  private memory: Store = new Map();

  private read(): Store {
    if (!this.s) return this.memory;
    try {
      return sanitize(JSON.parse(this.s.getItem(PROGRESS_KEY) ?? '{}'));
    } catch {
      return new Map();
    }
  }

  private write(store: Store): void {
    this.memory = store;
    if (!this.s) return;
    try {
      this.s.setItem(PROGRESS_KEY, JSON.stringify(Object.fromEntries(store)));
    } catch {
      // Quota or a revoked permission: keep going with the in-memory copy.
    }
  }

  get(lesson: Lesson): LessonProgress {
    const p = this.read().get(String(lesson.n));
    if (!p) return { current: 0, answers: noAnswers() };
    // Only answers to questions the lesson still has count; the current question is the first
    // one without an answer (a lesson that gained a question reopens at it).
    const answers = noAnswers();
    for (const q of lesson.questions) {
      const a = answerTo(p.answers, q.id);
      if (a && a.choice < q.choices.length) answers[q.id] = a;
    }
    const firstOpen = lesson.questions.findIndex((q) => !answerTo(answers, q.id));
    return { current: firstOpen < 0 ? lesson.questions.length : firstOpen, answers };
  }

  answer(lesson: Lesson, questionId: string, given: GivenAnswer): LessonProgress {
    const store = this.read();
    const p = this.get(lesson);
    p.answers[questionId] = given;
    const firstOpen = lesson.questions.findIndex((q) => !answerTo(p.answers, q.id));
    p.current = firstOpen < 0 ? lesson.questions.length : firstOpen;
    store.set(String(lesson.n), p);
    this.write(store);
    return p;
  }

  resetLesson(lesson: Lesson): void {
    const store = this.read();
    store.delete(String(lesson.n));
    this.write(store);
  }

  resetAll(): void {
    this.memory = new Map();
    if (!this.s) return;
    try {
      this.s.removeItem(PROGRESS_KEY);
    } catch {
      // nothing stored, nothing to clear
    }
  }
}

export interface ProgressSummary {
  answered: number;
  right: number;
  total: number;
  done: boolean;
  /** "not started", "question 2 of 3 · 1/1 right so far", "done · 2/2 right". */
  text: string;
}

export function summarize(lesson: Lesson, p: LessonProgress): ProgressSummary {
  const total = lesson.questions.length;
  const given = lesson.questions.map((q) => answerTo(p.answers, q.id)).filter((a): a is GivenAnswer => Boolean(a));
  const answered = given.length;
  const right = given.filter((a) => a.right).length;
  const done = answered === total;
  const text = answered === 0 ? 'not started' : done ? `done · ${right}/${total} right` : `question ${p.current + 1} of ${total} · ${right}/${answered} right so far`;
  return { answered, right, total, done, text };
}

export interface EndOfRun {
  /** The tour's header at the end: "done · 2/2 right", or "end of the run · 1/1 right · 1 not answered". */
  head: string;
  /** The score under it, counting only the questions answered. */
  score: string;
  /** The questions (from 1) still unanswered: a latecomer who joined at a trainer's link skipped them. */
  open: number[];
  /** Every question answered, and right. */
  allRight: boolean;
}

/**
 * What the tour says when its run ends. A learner who joined at question 5 and answered 5 to 8 has
 * not done the lesson: "done · 0/8 right" and "You got 0 of 8 right" counted the four questions they
 * never saw as wrong (the terminal says "You answered 0 of 4 right (from question 5)").
 */
export function endOfRun(lesson: Lesson, p: LessonProgress): EndOfRun {
  const sum = summarize(lesson, p);
  const open = lesson.questions.flatMap((q, i) => (answerTo(p.answers, q.id) ? [] : [i + 1]));
  if (!open.length) return { head: `done · ${sum.right}/${sum.total} right`, score: `You got ${sum.right} of ${sum.total} right.`, open, allRight: sum.right === sum.total };
  const list = open.length === 1 ? `question ${open[0]}` : `questions ${open.slice(0, -1).join(', ')} and ${open[open.length - 1]}`;
  return {
    head: `end of the run · ${sum.right}/${sum.answered} right · ${open.length} not answered`,
    score: `You got ${sum.right} of the ${sum.answered} you answered right; ${list} ${open.length === 1 ? 'is' : 'are'} not answered yet.`,
    open,
    allRight: false,
  };
}
