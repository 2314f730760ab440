// The line under check's counterexample that says how to follow it on the real stack: the built-in
// views need nothing more, your views need their Python twin (--views), found by name when it is
// there; an app of knobs alone runs the built-in views.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hintPath, pythonTwin, realStackHint } from '../../sim/cli/realStackHint';

describe('realStackHint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cachelab-hint-'));
  const app = join(dir, 'my-fix.ts');
  writeFileSync(app, '');

  it('the built-in views: the trace alone, with full paths', () => {
    expect(realStackHint(join(dir, 'ce.json'), undefined, null)).toBe(`Does it happen on the real stack? In cachelab's folder: npm run stack -- --trace ${join(dir, 'ce.json')}\n`);
    expect(realStackHint(join(dir, 'ce.json'), join(dir, 'mine.yaml'), null)).toContain(`--scenario-file ${join(dir, 'mine.yaml')}`);
  });

  it('your views: their Python twin named after the file, or a stand-in and the doc to read', () => {
    expect(pythonTwin(app)).toBeNull();
    expect(realStackHint('ce.json', undefined, { path: app, views: ['work_item_delete'] })).toMatch(/Write the same views in Python \(docs\/your-own-fix\.md, "On the real stack"\), then .* --app \S+my-fix\.ts --views YOUR_VIEWS\.py\n$/);
    writeFileSync(join(dir, 'my_fix.py'), '');
    expect(pythonTwin(app)).toBe(join(dir, 'my_fix.py'));
    expect(realStackHint('ce.json', undefined, { path: app, views: ['work_item_delete'] })).toMatch(/With your views in Python \(my_fix\.py\), .* --app \S+my-fix\.ts --views \S+my_fix\.py\n$/);
  });

  it('an app of knobs alone: --app, no --views', () => {
    expect(realStackHint('ce.json', undefined, { path: app, views: [] })).toMatch(/npm run stack -- --trace ce\.json --app \S+my-fix\.ts\n$/);
  });

  // npm run stack resolves a relative name from where it is typed (INIT_CWD), anywhere in cachelab's folder.
  it("names a file below the current directory relative to it when that is in cachelab's folder, else by its full path", () => {
    const root = '/ci/calendar-cache-lab';
    expect(hintPath('counterexample.json', root, root)).toBe('counterexample.json');
    expect(hintPath('/ci/calendar-cache-lab/out/ce.json', root, `${root}/`)).toBe('out/ce.json');
    expect(hintPath('ce.json', `${root}/examples`, root)).toBe('ce.json');
    // Above the current directory, or the directory outside cachelab's (a repository with cachelab in node_modules): full paths.
    expect(hintPath('../ce.json', `${root}/examples`, root)).toBe(`${root}/ce.json`);
    expect(hintPath('ce.json', '/home/runner/my-repo', '/home/runner/my-repo/node_modules/calendar-cache-lab')).toBe('/home/runner/my-repo/ce.json');
    expect(hintPath('ce.json', '/ci/calendar-cache-lab-2', root)).toBe('/ci/calendar-cache-lab-2/ce.json');
  });
});
