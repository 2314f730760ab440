// A question at a terminal prompt that ends cleanly: Ctrl-D (end of input) and Ctrl-C answer null
// instead of rejecting the pending question with a stack trace.
import { createInterface } from 'node:readline';

export interface Prompt {
  /** The line typed, or null when the user pressed Ctrl-C or Ctrl-D. */
  question(text: string): Promise<string | null>;
  close(): void;
}

export function terminalPrompt(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompt {
  const rl = createInterface({ input, output });
  let closed = false;
  let pending: ((answer: string | null) => void) | null = null;
  rl.on('close', () => {
    closed = true;
    pending?.(null);
    pending = null;
  });
  // On a terminal readline reads Ctrl-C as a key, not a signal: stop the prompt like Ctrl-D.
  rl.on('SIGINT', () => rl.close());
  return {
    question(text) {
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        pending = resolve;
        rl.question(text, (answer) => {
          pending = null;
          resolve(answer);
        });
      });
    },
    close: () => rl.close(),
  };
}
