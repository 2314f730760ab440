// Runs one sequence of fetch() steps in real Chromium and, in lockstep, in both model profiles.
// Per step the outcome is what reached the server: 'cache' (nothing), 'network' (an unconditional
// request), 'conditional(if-none-match)' etc., or 'error' (fetch() rejected).
import type { Page } from 'playwright-core';
import {
  initialBrowserHttpCacheContext,
  reduceBrowserHttpCache,
  type BrowserHttpCacheContext,
  type BrowserHttpCacheLookupReply,
  type BrowserHttpCacheProfile,
  type HttpResponseRecord,
} from '../../../src/layers/browserHttpCache';
import type { ConformanceServer, LoggedRequest } from './server';
import { answer, requestHeadersFor, secondAligned, type Step } from './variants';

export const SEED_REUSE_MS = 300_000;

export interface SequenceResult {
  real: string[];
  models: Record<BrowserHttpCacheProfile, string[]>;
  /** Per step, the model's reason (chromium profile), for reading a disagreement. */
  chromiumReasons: string[];
  /** Request headers the server saw per network step (to see what Chromium adds). */
  realRequestHeaders: Record<string, string>[][];
}

let cacheBusterCounter = 0;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function outcomeOfReply(reply: BrowserHttpCacheLookupReply): string {
  if (reply.kind === 'hit') return 'cache';
  if (reply.kind === 'error') return 'error';
  const names = Object.keys(reply.conditionalHeaders).sort();
  return names.length === 0 ? 'network' : `conditional(${names.join(',')})`;
}

function outcomeOfLog(entries: LoggedRequest[], fetchOk: boolean): string {
  if (!fetchOk) return entries.length === 0 ? 'error' : `error after ${entries.length} request(s)`;
  if (entries.length === 0) return 'cache';
  return entries
    .map((e) => {
      const names = Object.keys(e.conditionalHeaders).sort();
      return names.length === 0 ? 'network' : `conditional(${names.join(',')})`;
    })
    .join('+');
}

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

interface ModelRun {
  profile: BrowserHttpCacheProfile;
  context: BrowserHttpCacheContext;
  outcomes: string[];
  reasons: string[];
}

export async function runSequence(page: Page, server: ConformanceServer, path: string, steps: Step[]): Promise<SequenceResult> {
  const epochMs = Date.now();
  const nowMs = () => Date.now() - epochMs;
  server.setVariant(path, steps[0]?.variant ?? 'none');
  const models: ModelRun[] = (['chromium', 'seed-assumption'] as const).map((profile) => ({
    profile,
    context: initialBrowserHttpCacheContext({ profile, seedReuseMs: SEED_REUSE_MS, epochMs }),
    outcomes: [],
    reasons: [],
  }));
  const real: string[] = [];
  const realRequestHeaders: Record<string, string>[][] = [];

  for (const step of steps) {
    if (step.waitMs > 0) await sleep(step.waitMs);
    server.setVariant(path, step.variant);
    const url = `${path}?start=2025-09-28&end=2025-11-09${step.cacheBuster ? `&_=${++cacheBusterCounter}` : ''}`;
    const requestHeaders = requestHeadersFor(step.requestHeaders);

    const replies = models.map((m) => {
      m.context = reduceBrowserHttpCache(m.context, {
        type: 'http.lookup',
        url,
        method: 'GET',
        requestHeaders,
        cacheMode: step.cacheMode,
        nowMs: nowMs(),
      });
      return m.context.reply as BrowserHttpCacheLookupReply;
    });

    const before = server.log(path).length;
    const fetchOk = await page.evaluate(
      async ({ url, cache, headers }) => {
        try {
          // mode 'same-origin': required by 'only-if-cached', harmless for the others.
          const response = await fetch(url, { cache, headers, mode: 'same-origin' });
          await response.text();
          return true;
        } catch {
          return false;
        }
      },
      { url, cache: step.cacheMode, headers: requestHeaders },
    );
    const logged = server.log(path).slice(before);
    real.push(outcomeOfLog(logged, fetchOk));
    realRequestHeaders.push(logged.map((e) => e.requestHeaders));

    models.forEach((m, i) => {
      const reply = replies[i]!;
      m.outcomes.push(outcomeOfReply(reply));
      m.reasons.push(reply.reason);
      if (reply.kind !== 'network') return;
      // Feed the model what the server really answered when Chromium asked the same question;
      // otherwise what the server would have answered the model's question now.
      const same = logged.length === 1 && sameHeaders(logged[0]!.conditionalHeaders, reply.conditionalHeaders);
      let response: HttpResponseRecord;
      let atMs: number;
      if (same) {
        response = logged[0]!.response;
        atMs = logged[0]!.atMs - epochMs;
      } else {
        atMs = nowMs();
        response = answer(step.variant, reply.conditionalHeaders, server.pathState(path), secondAligned(epochMs + atMs), -1);
      }
      m.context =
        response.status === 304
          ? reduceBrowserHttpCache(m.context, { type: 'http.notModified', url, response, nowMs: atMs })
          : reduceBrowserHttpCache(m.context, { type: 'http.store', url, requestHeaders, cacheMode: step.cacheMode, response, nowMs: atMs });
    });
  }

  return {
    real,
    models: { chromium: models[0]!.outcomes, 'seed-assumption': models[1]!.outcomes },
    chromiumReasons: models[0]!.reasons,
    realRequestHeaders,
  };
}
