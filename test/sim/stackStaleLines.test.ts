// What `npm run stack` says after each step about stale calendars, on observations made by hand:
// a deleted item still shown, and (new) an edited item shown with its old title or dates, which it
// did not say at all, so an edit's counterexample followed on the real stack ended with "agree" only.
import { describe, expect, it } from 'vitest';
import type { StepObservation } from '../conformance/stack/observation';
import { staleLines } from '../../tools/realStack';

const ID = '00000000-0000-4000-8000-000000000001';
function step(step: string, events: Record<string, string[]>, db: string[]): StepObservation {
  return { step, calendars: {}, events, routes: [], feedCache: [], browserCacheAnswers: 0, db };
}

describe("npm run stack's stale lines", () => {
  it("names an edit's old dates or title beside the database's, in the model and on the real stack", () => {
    const db = [`${ID} Boiler inspection 2025-11-04..2025-11-04`];
    const model = [step('alice reload', { alice: [`work-item-${ID} Boiler inspection 2025-10-28..2025-10-29`] }, db)];
    const real = [step('alice reload', { alice: [`work-item-${ID} Boiler inspection 2025-11-04..2025-11-05`] }, db)];
    expect(staleLines(model, real)).toEqual([
      '  after step 1 (alice reload), old version shown: model alice\'s calendar shows "Boiler inspection" 2025-10-28, the database has 2025-11-04; real stack every item as the database has it',
    ]);
    const renamed = [step('settle: every user reloads', { bob: [`work-item-${ID} Site visit 2025-10-15..2025-10-17`] }, [`${ID} Site visit (client) 2025-10-15..2025-10-16`])];
    expect(staleLines(renamed, renamed)[0]).toContain('bob\'s calendar shows "Site visit" 2025-10-15 to 2025-10-16, the database has "Site visit (client)" 2025-10-15 to 2025-10-16; real stack bob');
  });

  it('says nothing of an item shown as the database has it, and keeps the deleted-but-shown line as it was', () => {
    const fresh = [step('A open 2025-10', { A: [`work-item-${ID} Site visit 2025-10-15..2025-10-17`] }, [`${ID} Site visit 2025-10-15..2025-10-16`])];
    expect(staleLines(fresh, fresh)).toEqual([]);
    const deleted = [step('A reload', { A: [`work-item-${ID} Site visit 2025-10-15..2025-10-17`] }, [])];
    expect(staleLines(deleted, deleted)).toEqual(['  after step 1 (A reload), deleted but shown: model A\'s calendar shows "Site visit"; real stack A\'s calendar shows "Site visit"']);
  });
});
