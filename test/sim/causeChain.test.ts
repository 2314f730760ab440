// A violation's cause chain as check and the run's outcome print it: repeated links written once.
import { describe, expect, it } from 'vitest';
import { causeChain, describeChain, foldRepeats } from '../../sim/causeChain';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';

describe('describeChain', () => {
  it('writes a block of links repeated back to back once, with its count', () => {
    expect(foldRepeats(['r', 'a', 'b', 'a', 'b', 'a', 'b', 'u'])).toEqual(['r', '(a <- b) x3', 'u']);
    expect(foldRepeats(['a', 'a', 'b'])).toEqual(['a x2', 'b']);
    // The block that covers the most links wins; links that do not repeat stay as they are.
    expect(foldRepeats(['a', 'b', 'c', 'a', 'b', 'c', 'a'])).toEqual(['(a <- b <- c) x2', 'a']);
    expect(foldRepeats(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(foldRepeats([])).toEqual([]);
  });

  it('folds the page and script requests of a reload, and every link is still there once unfolded', () => {
    // In seed-broken, A's F5 brings the item back through a page load: four requests of
    // five links each, which printed as twenty links of noise between the render and the reload.
    const run = runScenario(getScenario('seed-broken'));
    const back = run.outcome.deletions.flatMap((d) => d.users.flatMap((u) => u.resurrections));
    expect(back.length).toBeGreaterThan(0);
    const chain = causeChain(run.events, back[0].seq);
    const text = describeChain(chain);
    expect(text).toMatch(/ <- \(http\.response <- http\.respond <- view\.step <- http\.request \(worker:\d\) <- http\.send\) x\d <- user\.reload$/);
    // Unfolding gives back the chain link for link.
    const unfolded = text.replace(/\(([^()]*(?:\([^()]*\)[^()]*)*)\) x(\d+)/g, (_, block: string, n: string) => Array(Number(n)).fill(block).join(' <- '));
    expect(unfolded.split(' <- ')).toHaveLength(chain.length);
  });
});
