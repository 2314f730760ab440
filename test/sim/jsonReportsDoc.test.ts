// docs/json-reports.md's "Validating a report" runs as written, in a scratch folder where the
// install line's packages are linked in (no registry here): its report command, then its node
// script against the installed copy's schema. Its install line is one command naming both the
// validator and the CLI: a second `npm install --no-save` removes the first one's packages, and
// the page's `npm install --no-save ajv` alone took the CLI away from a folder set up as ci.md says.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const DOC = readFileSync('docs/json-reports.md', 'utf8');
const section = DOC.slice(DOC.indexOf('## Validating a report'), DOC.indexOf('\n## ', DOC.indexOf('## Validating a report') + 1));
const fence = /```sh\n([\s\S]*?)\n```/.exec(section)![1];
const dir = mkdtempSync(join(tmpdir(), 'cachelab-json-reports-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/json-reports.md: validating a report', () => {
  it('installs the validator and the CLI in one npm install, the CLI as ci.md installs it', () => {
    const installs = fence.split('\n').filter((l) => l.startsWith('npm install'));
    const ciSpec = /^npm install --no-save ("[^"\n]+")$/m.exec(readFileSync('docs/ci.md', 'utf8'))![1];
    expect(installs).toEqual([`npm install --no-save ajv ${ciSpec}`]);
  });

  it('its report command and script validate the report against the installed copy of the schema', () => {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(resolve('.'), join(dir, 'node_modules/calendar-cache-lab'));
    symlinkSync(resolve('node_modules/ajv'), join(dir, 'node_modules/ajv'));
    mkdirSync(join(dir, 'cachelab'));
    writeFileSync(join(dir, 'cachelab/my-fix.ts'), readFileSync('examples/robust-app.ts', 'utf8'));
    // The install line is the registry's part; the rest as written, check kept short with --runs.
    const rest = fence.slice(fence.indexOf('\n') + 1).replace('--json > check.json', '--runs 20 --json > check.json');
    const r = spawnSync('sh', ['-c', `npx() { shift; node ${resolve('bin/cachelab.js')} "$@"; }\n${rest}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('cachelab/check-report/1 ok: held');
  });
});
