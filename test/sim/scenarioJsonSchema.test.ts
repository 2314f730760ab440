// docs/scenario.schema.json lets an editor check a scenario file as it is written. It must be the
// schema the reader uses (made from it, and committed as `cachelab scenarios --json-schema` prints
// it), accept every file the project ships, and refuse what the reader refuses for its shape; the
// cross-field rules (a step's user exists) stay the commands' to say.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../../sim/scenarios/file/parseScenarioFile';
import { SCENARIOS } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

const COMMITTED = 'docs/scenario.schema.json';
const schema = JSON.parse(readFileSync(COMMITTED, 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const shipped = [
  ...readdirSync('sim/scenarios', { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(`sim/scenarios/${d.name}`).filter((f) => f.endsWith('.json')).map((f) => `sim/scenarios/${d.name}/${f}`)),
  ...readdirSync('examples').filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => `examples/${f}`),
];
const read = (path: string) => (path.endsWith('.json') ? JSON.parse(readFileSync(path, 'utf8')) : parseYaml(readFileSync(path, 'utf8')));
const base = read('sim/scenarios/seed/seed-broken.json');

describe('the scenario file JSON Schema', () => {
  it('is committed as `cachelab scenarios --json-schema` prints it', async () => {
    const r = await cli(['scenarios', '--json-schema']);
    expect(r.code).toBe(0);
    expect(r.out, `${COMMITTED} is out of date: npx cachelab scenarios --json-schema > ${COMMITTED}`).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('accepts every scenario file the project ships, and every catalog scenario as --export writes it', async () => {
    expect(shipped.length).toBe(SCENARIOS.length + readdirSync('examples').filter((f) => /\.(ya?ml|json)$/.test(f)).length);
    for (const path of shipped) expect(validate(read(path)) ? [] : validate.errors, path).toEqual([]);
    for (const s of SCENARIOS) {
      const r = await cli(['scenarios', '--export', s.name]);
      expect(validate(JSON.parse(r.out)) ? [] : validate.errors, s.name).toEqual([]);
    }
  });

  // Each a mistake of shape: the reader refuses it, and so must the editor.
  const cases: Array<[string, (f: any) => void]> = [
    ['an unknown knob', (f) => (f.config = { 'deploy.worker': 2 })],
    ['a knob value as text', (f) => (f.config = { 'deploy.workers': '2' })],
    ['a knob value out of range', (f) => (f.config = { 'deploy.workers': 99 })],
    ['a knob value not in its list', (f) => (f.config = { 'deploy.cacheBackend': 'memcached' })],
    ['an unknown step kind', (f) => f.steps.push({ do: 'remove', item: 'Site visit' })],
    ['a step field of another kind', (f) => f.steps.push({ do: 'reload', item: 'Site visit' })],
    ['no today', (f) => delete f.today],
    ['a user name too long', (f) => (f.users[0].name = 'Alexander99')],
    ['an unknown field on an item', (f) => (f.items[0].colour = 'red')],
    ['an unknown preset', (f) => (f.preset = 'best')],
    ['a wait without forMs', (f) => f.steps.push({ do: 'wait' })],
  ];
  it.each(cases)('refuses %s, as the reader does', (_what, change) => {
    const file = structuredClone(base);
    change(file);
    expect(validate(file)).toBe(false);
    expect(() => parseScenarioFile(JSON.stringify(file), 'mine.json')).toThrow();
  });

  it('a file that names the schema ($schema, for the editor) runs as one without it', async () => {
    const text = JSON.stringify({ $schema: '../docs/scenario.schema.json', ...base });
    expect(validate(JSON.parse(text))).toBe(true);
    const r = await cli(['run', '--scenario-file', 'mine.json'], new Map([['mine.json', text]]));
    const plain = await cli(['run', 'seed-broken']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(plain.out);
  });
});
