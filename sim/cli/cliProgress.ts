// Progress lines for long commands: on a terminal only, to stderr, at most a few per second. The
// real clock is read here (a cli*.ts file) for the rate and throttling only; it never reaches a trace.

export interface Progress {
  /** Report a count; prints when enough wall time has passed since the last line. */
  tick(text: (ratePerS: number) => string, done: number): void;
  /** Clear the progress line. */
  end(): void;
}

/** `write` defaults to process.stderr (CliIO.err ends every text with a newline; this line redraws in place). */
export function progressLine(enabled: boolean, write: (t: string) => void = (t) => process.stderr.write(t)): Progress {
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
      write(`\r\u001b[K${text(rate)}`);
      shown = true;
    },
    end() {
      if (enabled && shown) write('\r\u001b[K');
    },
  };
}
