// With --app, check says which scenarios' requests went to a built-in view the app leaves out.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtInViewNotes, builtInViews } from '../../sim/app/builtInViewNote';
import { SCENARIOS, getScenario } from '../../sim/scenarios/index';
import { runScenario } from '../../sim/run';
import type { UserApp } from '../../src/app/userApp/types';

function checkJson(...argv: string[]): { builtInViews: Array<{ view: string; scenarios: Array<{ scenario: string }> }> } {
  try {
    return JSON.parse(execFileSync('node', ['bin/cachelab.js', 'check', ...argv, '--json', '--out', '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    return JSON.parse((e as { stdout: string }).stdout);
  }
}

describe('builtInViews', () => {
  it('names, per view the app leaves out, the scenarios whose runs sent it a request', () => {
    // invalidate-on-commit.ts defines the feed and the delete: the scenarios with a create or an
    // edit step ran the built-in create and update views, and their verdicts were read as the app's.
    const report = checkJson('all', '--app', 'examples/invalidate-on-commit.ts', '--runs', '1');
    const withStep = (kind: string) => SCENARIOS.filter((s) => s.steps.some((st) => st.do === kind)).map((s) => s.name);
    expect(withStep('create').length).toBeGreaterThan(0);
    expect(withStep('edit').length).toBeGreaterThan(0);
    expect(report.builtInViews.map((v) => [v.view, v.scenarios.map((s) => s.scenario)])).toEqual([
      ['work_item_create', withStep('create')],
      ['work_item_update', withStep('edit')],
    ]);
    // robust-app.ts defines all four views: nothing to say.
    expect(checkJson('all', '--app', 'examples/robust-app.ts', '--runs', '1').builtInViews).toEqual([]);
  });

  it('says nothing of an app of knobs only, and prints one line per view', () => {
    const feedOnly: UserApp = { *work_items_calendar_feed(_r, django) { return django.JsonResponse([]); } };
    const knobs: UserApp = { config: { 'deploy.workers': 2 } };
    const runs = [
      { scenario: { ...getScenario('seed-broken'), app: feedOnly }, preset: 'broken' },
      { scenario: { ...getScenario('commit-race'), app: knobs }, preset: 'broken' },
    ].map(({ scenario, preset }) => ({ scenario, preset, events: runScenario(scenario, { preset }).events }));
    const found = builtInViews(runs);
    expect(found).toEqual([{ view: 'work_item_delete', scenarios: [{ scenario: 'seed-broken', preset: 'broken' }] }]);
    expect(builtInViewNotes(found).slice(1)).toEqual([
      "Note: your app does not define these views, so the built-in ones answered their requests, with each scenario's preset; those verdicts judge the built-in view, not yours:",
      '  work_item_delete: seed-broken [broken]',
    ]);
    expect(builtInViewNotes([])).toEqual([]);
  });
});
