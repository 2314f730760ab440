// "Did you mean ...?" hints: the tiers, the cap, and the messages that carry them.
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseOverride, presetNamed, PRESET_NAMES } from '../../../src/config';
import { didYouMean, nearestNames } from '../../../sim/input/nearestNames';
import { getScenario, SCENARIO_NAMES } from '../../../sim/scenarios/index';
import { parseUrlState } from '../../../viz/model/urlState';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('nearestNames', () => {
  it.each([
    ['seed-brokn', SCENARIO_NAMES, ['seed-broken']],
    ['commitrace', SCENARIO_NAMES, ['commit-race']],
    ['Commit_Race', SCENARIO_NAMES, ['commit-race']],
    ['cache', SCENARIO_NAMES, ['cache-pressure']],
    ['two-worker-reloads', SCENARIO_NAMES, ['two-worker-reload']],
    ['robst', PRESET_NAMES, ['robust']],
    ['seedfix', PRESET_NAMES, ['seed-fix']],
    ['deploy.worker', CONFIG_KEYS, ['deploy.workers']],
    ['feed.nevercache', CONFIG_KEYS, ['feed.neverCache']],
    // A knob without its group, or under another layer's: the same last part.
    ['workers', CONFIG_KEYS, ['deploy.workers']],
    ['cacheTtlS', CONFIG_KEYS, ['feed.cacheTtlS']],
    ['redis.cache_ttl_s', CONFIG_KEYS, ['feed.cacheTtlS']],
    ['browser.onDeleted', CONFIG_KEYS, ['page.onDeleted']],
  ])('%s -> %j', (typed, names, expected) => {
    expect(nearestNames(typed, names)).toEqual(expected);
  });

  it('names nothing when nothing is near, or when the nearest tier holds more than three', () => {
    expect(nearestNames('frobnicate', SCENARIO_NAMES)).toEqual([]);
    // "seed" is a prefix of six scenario names: no hint, the full list says it.
    expect(SCENARIO_NAMES.filter((n) => n.startsWith('seed')).length).toBeGreaterThan(3);
    expect(nearestNames('seed', SCENARIO_NAMES)).toEqual([]);
    expect(nearestNames('', PRESET_NAMES)).toEqual([]);
  });

  it('never suggests the name typed', () => {
    expect(nearestNames('robust', PRESET_NAMES)).toEqual([]);
    expect(didYouMean('robust', PRESET_NAMES)).toBe('');
  });
});

describe('the messages carry the hint before the full list', () => {
  it.each([
    [() => getScenario('seed-brokn'), 'unknown scenario "seed-brokn" (did you mean seed-broken?); valid scenarios: seed-broken, '],
    [() => presetNamed('robst'), 'unknown config preset "robst" (did you mean robust?); valid presets: broken, seed-fix, robust'],
    [() => parseOverride('deploy.worker=2'), 'unknown config key "deploy.worker" (did you mean deploy.workers?); valid keys: '],
    [() => parseOverride('deploy.routing=roundrobin'), 'bad value "roundrobin" for deploy.routing (did you mean round-robin?); allowed: accept, round-robin'],
    [() => parseOverride('deploy.routing=rr'), 'bad value "rr" for deploy.routing; allowed: accept, round-robin'],
  ])('%#', (f, start) => {
    expect(messageOf(f).startsWith(start)).toBe(true);
  });
});

describe('a link says it too', () => {
  it('in the visualizer\'s link errors', () => {
    expect(parseUrlState('?scenario=commitrace').errors).toEqual(['unknown scenario "commitrace" in the link (did you mean commit-race?)']);
    expect(parseUrlState('?scenario=commit-race&preset=robst').errors).toEqual(['unknown preset "robst" in the link (did you mean robust?); using broken']);
  });
});
