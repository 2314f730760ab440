// The scenario files in examples/: each one parses, and each verdict its header comment promises
// (`npx cachelab check --scenario-file examples/F --config P   -> VIOLATED|ok`) is the one check gives.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../../sim/scenarios/file/parseScenarioFile';
import { SCENARIO_NAMES } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

const FILES = readdirSync('examples').filter((f) => /\.(ya?ml|json)$/.test(f));

describe('example scenario files', () => {
  it('there is one with two users and an edit', () => {
    expect(FILES).toContain('edit-moves-next-month.yaml');
  });

  it.each(FILES)('%s parses, under a name of its own, and checks as its comment says', async (name) => {
    const path = `examples/${name}`;
    const text = readFileSync(path, 'utf8');
    const scenario = parseScenarioFile(text, path);
    expect(SCENARIO_NAMES).not.toContain(scenario.name);
    const promised = [...text.matchAll(/npx cachelab check --scenario-file (\S+) --config (\S+)\s+-> (VIOLATED|ok)/g)];
    expect(promised.length).toBeGreaterThan(0);
    for (const [line, file, preset, verdict] of promised) {
      expect(file, line).toBe(path);
      const r = await cli(['check', '--scenario-file', path, '--config', preset], new Map([[path, text]]));
      expect(r.code, line).toBe(verdict === 'ok' ? 0 : 1);
    }
  });
});
