// The visualizer's load and render time of a 10,000-event trace in headless Chromium: the built
// app (dist/, rebuilt if any source is newer) served by a plain static server, each load in a
// fresh page, through `window.__cachelab.loadTrace` (its timings: index, render, until painted)
// and the page's performance.measure entries cachelab:index and cachelab:render.
import { bigTrace } from '../test/e2e/bigTrace';
import { buildIfStale, DIST } from '../test/e2e/buildApp';
import { serveStatic } from '../test/e2e/staticServer';
import { launchChromium } from '../test/conformance/launchChromium';
import { median, sig } from './stats';

export interface VizLoad {
  /** JSON.parse of the trace text in the page (before loadTrace; not part of its timings). */
  parseMs: number;
  indexMs: number;
  renderMs: number;
  paintedMs: number;
  totalMs: number;
  measureIndexMs: number;
  measureRenderMs: number;
}

export interface VizFigures {
  events: number;
  traceBytes: number;
  loads: number;
  /** Median over the loads (each in a fresh page). */
  parseMs: number;
  indexMs: number;
  renderMs: number;
  /** index + render (loadTrace's synchronous part). */
  totalMs: number;
  /** From the call until the second animation frame after it: what a user waits for. */
  paintedMs: number;
  measureIndexMs: number;
  measureRenderMs: number;
  perLoad: VizLoad[];
}

export async function measureViz(minEvents: number, loads: number): Promise<VizFigures> {
  buildIfStale();
  const trace = bigTrace(minEvents);
  const text = JSON.stringify(trace);
  const server = await serveStatic(DIST);
  const ctx = await launchChromium({ timezoneId: 'UTC' });
  const perLoad: VizLoad[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const page = await ctx.newPage();
      await page.setViewportSize({ width: 1440, height: 1700 });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForFunction(() => window.__cachelab?.ready === true);
      const load = await page.evaluate(async (json) => {
        const p0 = performance.now();
        const t = JSON.parse(json);
        const parseMs = performance.now() - p0;
        const hooks = window.__cachelab!;
        const before = hooks.timings.length;
        const timing = await hooks.loadTrace(t, 'bench-busy-calendar.json');
        if (hooks.timings.length !== before + 1) throw new Error('loadTrace recorded no timing');
        // No named helper functions in here: tsx would wrap them in its __name(), unknown to the page.
        return {
          timing,
          parseMs,
          events: timing.events,
          measureIndexMs: performance.getEntriesByName('cachelab:index', 'measure').pop()?.duration ?? -1,
          measureRenderMs: performance.getEntriesByName('cachelab:render', 'measure').pop()?.duration ?? -1,
        };
      }, text);
      await page.close();
      if (errors.length) throw new Error(`the visualizer threw while loading the trace: ${errors.join('; ')}`);
      if (load.events < minEvents) throw new Error(`the page indexed ${load.events} events, expected at least ${minEvents}`);
      perLoad.push({
        parseMs: sig(load.parseMs, 4),
        indexMs: sig(load.timing.indexMs, 4),
        renderMs: sig(load.timing.renderMs, 4),
        paintedMs: sig(load.timing.paintedMs ?? -1, 4),
        totalMs: sig(load.timing.totalMs, 4),
        measureIndexMs: sig(load.measureIndexMs, 4),
        measureRenderMs: sig(load.measureRenderMs, 4),
      });
    }
  } finally {
    await ctx.close();
    await server.close();
  }
  const med = (k: keyof VizLoad) => sig(median(perLoad.map((l) => l[k])), 4);
  return {
    events: trace.events.length,
    traceBytes: text.length,
    loads,
    parseMs: med('parseMs'),
    indexMs: med('indexMs'),
    renderMs: med('renderMs'),
    totalMs: med('totalMs'),
    paintedMs: med('paintedMs'),
    measureIndexMs: med('measureIndexMs'),
    measureRenderMs: med('measureRenderMs'),
    perLoad,
  };
}
