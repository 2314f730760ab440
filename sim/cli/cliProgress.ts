// Progress for long commands, on stderr: on a terminal a live line redrawn in place (at most four
// times a second), cut to the terminal's width; otherwise (a pipe, a CI log) a plain line every
// 5 s, whole, so a long job never goes quiet. The real clock is read here (a cli*.ts file) for the
// rate and throttling only; it never reaches a trace.
import type { CliIO } from './cliCommand';
import type { ProgressUpdate } from './cliJobs';
import type { HeapReading } from '../parallel/threadHeap';

export interface Progress {
  /** Report a count; prints when enough wall time has passed since the last line. */
  tick(text: (ratePerS: number) => string, done: number): void;
  /** Clear the progress line. */
  end(): void;
}

/**
 * A line fitted to a terminal `columns` wide: at most columns - 1 characters (a line that fills the
 * last column wraps on some terminals), cut with "…". A line that wraps cannot be redrawn: "\r"
 * goes back to the start of its last row only, so every redraw would leave a row behind.
 */
export function fitColumns(text: string, columns: number | undefined): string {
  if (!columns || columns < 2 || text.length < columns) return text;
  return `${text.slice(0, columns - 2)}…`;
}

/**
 * `write` defaults to process.stderr (CliIO.err ends every text with a newline; this line redraws
 * in place); `columns` is read at each line, so a resized terminal is followed.
 */
export function progressLine(enabled: boolean, write: (t: string) => void = (t) => process.stderr.write(t), columns: () => number | undefined = () => process.stderr.columns): Progress {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    tick(text, done) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      write(`\r\u001b[K${fitColumns(text(rate), columns())}`);
      shown = true;
    },
    end() {
      if (enabled && shown) write('\r\u001b[K');
    },
  };
}

/** How often a plain progress line is written, at most: the help texts and README say "every 5 s". */
export const PLAIN_PROGRESS_EVERY_MS = 5000;

/** Plain lines, one per `everyMs` at most, each ending with a newline (for logs and pipes). */
export function progressLines(write: (t: string) => void, everyMs = PLAIN_PROGRESS_EVERY_MS): Progress {
  const started = Date.now();
  let last = started;
  return {
    tick(text, done) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      write(`[${Math.round((now - started) / 1000)} s] ${text(done / Math.max(0.001, (now - started) / 1000))}\n`);
    },
    end() {},
  };
}

/**
 * Whether progress is redrawn in place: on a terminal, but not under CI (`CI` set, as GitHub
 * Actions, GitLab CI and most runners set it): a runner that gives the job a terminal still keeps
 * a log, where a line redrawn with carriage returns is hundreds of overwritten lines.
 */
export function redrawsProgress(stderrIsTTY: boolean, env: Record<string, string | undefined>): boolean {
  const ci = env.CI;
  return stderrIsTTY && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

/** The reporter a command uses: live on a terminal, plain lines otherwise. */
export function progressReporter(io: CliIO): { update(u: ProgressUpdate): void; end(): void } {
  const p = io.isTTY ? progressLine(true) : progressLines((t) => io.err(t));
  return {
    update: (u) => p.tick((rate) => progressText(u, rate), u.done),
    end: () => p.end(),
  };
}

/** One progress line: "explore <scenario>[ shard i/n]: <N> distinct states (<rate>/s), ≤<D> deviations done, <V> violated, heap <used> of <limit> MB|GB (<share>%)". */
export function progressText(u: ProgressUpdate, ratePerS: number): string {
  return `${u.what}: ${u.done} ${u.unit} (${ratePerS.toFixed(0)}/s), ${u.detail}${u.heap ? `, heap ${heapFill(u.heap)}` : ''}`;
}

/** "1.2 of 4.0 GB (31%)", or in MB under 1 GB ("201 of 300 MB (67%)"): the share the heap watch stops at 85% of. */
export function heapFill(h: HeapReading): string {
  const share = `(${Math.round((100 * h.usedMb) / h.limitMb)}%)`;
  if (h.limitMb < 1024) return `${Math.round(h.usedMb)} of ${Math.round(h.limitMb)} MB ${share}`;
  return `${(h.usedMb / 1024).toFixed(1)} of ${(h.limitMb / 1024).toFixed(1)} GB ${share}`;
}
