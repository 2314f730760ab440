// axe-core's WCAG 2.1 A and AA rules run on the page as it is (axe.min.js injected as a script;
// no wrapper package). Each violation comes back as its rule, impact, count and first target.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
  id: string;
  impact: string;
  count: number;
  target: string;
  help: string;
}

/** Every WCAG 2.1 A/AA violation on the page now (axe is injected once per document). */
export async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', count: v.nodes.length, target: JSON.stringify(v.nodes[0]?.target ?? []), help: v.help }));
  }, WCAG21_AA);
}

/** The critical and serious ones, for a test's message. */
export function harmful(found: Finding[]): Finding[] {
  return found.filter((f) => f.impact === 'critical' || f.impact === 'serious');
}
