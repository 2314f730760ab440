// A user's view that loops without a Django call (`while (true) {}`) never gives control back, and
// no budget inside the simulation can count what it does not see: the command would hang. So the
// CLI watches the wall clock, outside the deterministic core: each step of a user's request marks
// its thread's slot (src/app/userApp/viewWatch.ts, sim/app/viewBoard.ts). A thread whose view has
// been inside one step for the budget is stopped: the job thread (check, explore: with the threads
// of --workers N it started) by terminating it; the main thread (run, replay) by a vm timeout
// around each step. Either way the command ends with one line naming the view and the request
// (exit 2). A view that ends runs exactly as without the watch: a step that lasts the budget is
// never one that would end.
import { createContext, Script } from 'node:vm';
import { UsageError } from '../../src/config';
import { currentViewSlot, runStepsWith } from '../../src/app/userApp/viewWatch';
import { readBoard, readMark, type ViewMark } from '../app/viewBoard';

/** How long one step of a view may run: thousands of times what a view's step takes between two calls. */
export const DEFAULT_VIEW_BUDGET_MS = 10_000;

/** The budget in ms: CACHELAB_VIEW_TIMEOUT_MS, for tests; otherwise the default. */
export function viewBudgetMs(): number {
  const set = Number(process.env.CACHELAB_VIEW_TIMEOUT_MS);
  return Number.isInteger(set) && set > 0 ? set : DEFAULT_VIEW_BUDGET_MS;
}

/** "10 s", "1.5 s": a budget as a line says it. */
export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The one line said of a view stopped in a step it did not leave for `budgetMs`. */
export function stuckViewMessage(mark: ViewMark, budgetMs: number): string {
  const view = mark.view.startsWith('the built-in ') || mark.view.startsWith('no view') ? mark.view : `your view ${mark.view}`;
  const where = mark.request ? ` (${mark.request}, at ${mark.nowMs} ms)` : '';
  return `${view} ran for ${seconds(budgetMs)} without making a Django call or returning${where}, so it was stopped: does it loop forever? A loop in a view must yield* a Django call on each pass, or end`;
}

/**
 * Watches the board from the main thread while a job thread runs; calls `stuck` once, with the
 * line to print, when a slot has stayed inside the same step for the budget. Returns the stop.
 */
export function watchViews(board: SharedArrayBuffer, stuck: (message: string) => void, budgetMs = viewBudgetMs()): () => void {
  // A step must be seen inside on several ticks in a row, so that one late tick (a machine that
  // slept) does not stop a step that had only just begun.
  const tickMs = Math.max(10, Math.min(1000, Math.floor(budgetMs / 4)));
  const since = new Map<number, { seq: number; at: number; ticks: number }>();
  const timer = setInterval(() => {
    const now = Date.now();
    for (const mark of readBoard(board)) {
      const seen = since.get(mark.slot);
      if (!mark.inside) since.delete(mark.slot);
      else if (!seen || seen.seq !== mark.seq) since.set(mark.slot, { seq: mark.seq, at: now, ticks: 0 });
      else if (++seen.ticks >= 4 && now - seen.at >= budgetMs) {
        clearInterval(timer);
        stuck(stuckViewMessage(mark, budgetMs));
        return;
      }
    }
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}

const CALL = new Script('step()');

/**
 * `run` in this thread, each step of a user's view under a vm timeout of the budget, so that one
 * that never gives control back is stopped as in a job thread (a step, not the run: a run of many
 * calls may take long). About 50 µs a step (the timeout's thread): for run and replay, one run.
 */
export function withViewBudget<T>(run: () => T, budgetMs = viewBudgetMs()): T {
  const context = createContext({ step: null });
  runStepsWith((step) => {
    context.step = step;
    try {
      return CALL.runInContext(context, { timeout: budgetMs }) as ReturnType<typeof step>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
      const { words, text } = currentViewSlot();
      throw new UsageError(stuckViewMessage(readMark(words, text), budgetMs));
    } finally {
      context.step = null;
    }
  });
  try {
    return run();
  } finally {
    runStepsWith(null);
  }
}

/** `run`, under the budget when `scenario` brings the user's views (the built-in views never loop: no vm for them). */
export function guardViews<T>(scenario: { app?: unknown } | undefined, run: () => T): T {
  return scenario?.app ? withViewBudget(run) : run();
}
