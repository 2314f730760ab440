// A search reports after every run, thousands of times a second. Built and posted to the main
// thread each time, the updates cost the job thread about 5% of its CPU (postMessage, and garbage
// for the collector) for lines that are drawn at most four times a second. The job offers its
// state as a function instead; it is called and passed on at most once per `everyMs` of real time
// (read here, a cli* file, for progress only), and flush() passes on the last state offered and not
// yet passed, so the final count always arrives.
import type { ProgressUpdate } from './cliJobs';

/** How often a job passes progress on: more often than the live line redraws (cliProgress.ts). */
export const PROGRESS_EVERY_MS = 150;

export interface ProgressThrottle {
  /** Offers the current state; `update` is called only when it is passed on. */
  offer(update: () => ProgressUpdate): void;
  /** Passes on the last state offered since the last one passed, if any (at the job's end). */
  flush(): void;
}

export function throttleProgress(progress: (u: ProgressUpdate) => void, everyMs = PROGRESS_EVERY_MS, now: () => number = Date.now): ProgressThrottle {
  let last = -Infinity;
  let pending: (() => ProgressUpdate) | null = null;
  return {
    offer(update) {
      const t = now();
      if (t - last < everyMs) {
        pending = update;
        return;
      }
      last = t;
      pending = null;
      progress(update());
    },
    flush() {
      if (pending === null) return;
      const update = pending;
      pending = null;
      progress(update());
    },
  };
}
