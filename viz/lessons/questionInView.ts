// A question, when it appears, in view with its choices: the page stays where it is, and the tour
// grows and scrolls its own body. On a phone held upright the tour is a sheet docked at the bottom,
// 46% of the window, and most questions are taller than what is left under its head: at 320 x 568
// the focused first choice was shown with its question scrolled away above it. There, while a
// question waits, the sheet grows to hold its head, the question and its choices (at most 80% of
// the window: the run stays in sight above it, and "Hide" folds the sheet away).
const PHONE = '(max-width: 700px) and (orientation: portrait)';
export const MAX_SHARE = 0.8;

/** Sizes the sheet on a phone for the question that `target` (its focused choice) belongs to, then scrolls the tour's body to it. */
export function showQuestion(dock: HTMLElement, body: HTMLElement, target: HTMLElement): void {
  const form = target.closest<HTMLElement>('[data-testid="tour-question"]');
  if (form) fitSheet(dock, body, form);
  scrollToQuestion(body, target, form);
  if (form) runAboveSheet(dock);
}

/**
 * On a phone, the run the question is about above the sheet: a lesson's link opened the page at its
 * top, and what was left above the sheet was the page's header, not one layer of the run. Scrolled
 * only when the run starts below the sheet's top (the learner who scrolled to it stays there).
 */
function runAboveSheet(dock: HTMLElement): void {
  const doc = dock.ownerDocument;
  const runs = doc.querySelector<HTMLElement>('[data-testid="runs"]');
  const win = doc.defaultView;
  if (!runs || !win?.matchMedia(PHONE).matches) return;
  const top = runs.getBoundingClientRect().top;
  if (top <= dock.getBoundingClientRect().top - 40) return;
  // Under the sticky step bar, measured here: on a lesson's link this runs before the bar's size is in
  // the page's scroll padding.
  const bar = doc.querySelector('[data-testid="stepper"]')?.getBoundingClientRect().height ?? 0;
  win.scrollBy(0, top - bar - 8);
}

/**
 * Calls `turned` when the window starts or stops being a phone held upright (the learner rotates
 * it): a sheet sized for a question in the other orientation, or a side panel scrolled for it, no
 * longer shows it.
 */
export function whenSheetTurns(doc: Document, turned: () => void): void {
  doc.defaultView?.matchMedia?.(PHONE).addEventListener('change', turned);
}

/** The sheet's height back to the stylesheet's (no question waits). */
export function releaseSheet(doc: Document): void {
  doc.documentElement.style.removeProperty('--tour-h');
}

function fitSheet(dock: HTMLElement, body: HTMLElement, form: HTMLElement): void {
  const win = dock.ownerDocument.defaultView;
  if (!win?.matchMedia(PHONE).matches) return;
  const root = dock.ownerDocument.documentElement;
  root.style.removeProperty('--tour-h');
  const legend = form.querySelector('legend');
  const choices = form.querySelectorAll('.tour-choice');
  if (!legend || !choices.length) return;
  const question = choices[choices.length - 1].getBoundingClientRect().bottom - legend.getBoundingClientRect().top;
  const chrome = dock.getBoundingClientRect().height - body.clientHeight;
  const pad = parseFloat(getComputedStyle(body).paddingTop) + parseFloat(getComputedStyle(body).paddingBottom);
  const want = Math.ceil(chrome + question + pad + 8);
  if (want > dock.getBoundingClientRect().height) root.style.setProperty('--tour-h', `${Math.min(want, Math.floor(win.innerHeight * MAX_SHARE))}px`);
}

/**
 * Scrolls so the learner sees, in this order of preference: from the line that says where the run
 * stopped down to the last choice; from the question down to the last choice; the question and the
 * focused choice; the question; the focused choice.
 */
function scrollToQuestion(body: HTMLElement, target: HTMLElement, form: HTMLElement | null): void {
  if (!body.contains(target)) return;
  const shown = body.getBoundingClientRect();
  const r = target.getBoundingClientRect();
  const legend = form?.querySelector('legend')?.getBoundingClientRect();
  const choices = form ? form.querySelectorAll('.tour-choice') : [];
  const last = choices.length ? choices[choices.length - 1].getBoundingClientRect().bottom : r.bottom;
  const fits = (top: number, bottom: number) => bottom - top <= shown.height - 4;
  const from = form?.getBoundingClientRect().top;
  let top = r.top;
  if (from !== undefined && fits(from, Math.max(last, r.bottom))) top = from;
  else if (legend && fits(legend.top, Math.max(last, r.bottom))) top = legend.top;
  else if (legend && fits(legend.top, r.bottom)) top = legend.top;
  // A question longer than the window holds with a choice under it: its start, to read it first.
  else if (legend && fits(legend.top, legend.bottom)) top = legend.top;
  const bottom = top === r.top ? r.bottom : Math.max(r.bottom, Math.min(last, top + shown.height));
  if (top < shown.top || bottom > shown.bottom) body.scrollTop += top - shown.top - 4;
}
