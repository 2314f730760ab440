// `window.__cachelab`: the page's test and benchmark interface.
//   loadTrace(trace, name?)  shows a trace object; resolves with timings once the frame is painted
//   openText(text, name?)    like opening a file (errors are shown on the page, not thrown)
//   go(step)                 moves to a step (0-based)
//   state()                  what is shown: cursor, steps, runs, file, event counts
//   timings                  every loadTrace measurement so far
// performance.measure entries "cachelab:index" and "cachelab:render" are recorded per load.
import type { Trace } from '../sim/trace';
import type { App, LoadTiming } from './app';

export interface CacheLabHooks {
  loadTrace(trace: Trace, name?: string): Promise<LoadTiming>;
  openText(text: string, name?: string): void;
  go(step: number): void;
  state(): ReturnType<App['snapshot']>;
  timings: LoadTiming[];
  ready: true;
}

declare global {
  interface Window {
    __cachelab?: CacheLabHooks;
  }
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export function installHooks(app: App): void {
  window.__cachelab = {
    async loadTrace(trace, name) {
      const t0 = performance.now();
      const timing = app.loadTrace(trace, name);
      await frame();
      await frame();
      timing.paintedMs = performance.now() - t0;
      return timing;
    },
    openText: (text, name = 'trace.json') => app.openText(text, name),
    go: (step) => app.go(step),
    state: () => app.snapshot(),
    timings: app.timings,
    ready: true,
  };
}
