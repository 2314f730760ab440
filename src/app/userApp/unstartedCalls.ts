// A Django call made without `yield*` (`const v = django.cache.get(key);`) is a generator nobody
// runs: the call never happens, and nothing says so. Each call is noted when the view makes it and
// struck off when it starts; one still noted when the request is over is a usage error. Its
// arguments are checked as it is made (callArgs.ts).
import { UsageError } from '../../config';
import { checkCallArgs } from './callArgs';

export class UnstartedCalls {
  private readonly waiting = new Map<object, string>();
  /** The user's view that handles the request (checkedView sets it), for the message. */
  view = 'a view';

  /** `api` with each of its calls noted as `django.<prefix><name>` until it starts. */
  track<T extends object>(api: T, prefix: string): T {
    const waiting = this.waiting;
    const out: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(api)) {
      if (typeof fn !== 'function') {
        out[name] = fn;
        continue;
      }
      out[name] = (...args: unknown[]) => {
        checkCallArgs(`${prefix}${name}`, args);
        const call = (fn as (...a: unknown[]) => Generator).apply(api, args);
        waiting.set(call, `django.${prefix}${name}`);
        return (function* () {
          waiting.delete(call);
          return yield* call;
        })();
      };
    }
    return out as T;
  }

  /** At the end of the request: every call the views made has run. */
  check(): void {
    const first = this.waiting.values().next();
    if (!first.done) throw new UsageError(`${this.view} called ${first.value} without \`yield*\`, so the call never ran: write \`yield* ${first.value}(...)\``);
  }
}
