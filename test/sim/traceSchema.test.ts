// The trace schema accepts every trace the simulation writes and refuses each kind of damage with
// a one-line message naming where.
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../src/config';
import { runScenario } from '../../sim/run';
import { SCENARIOS } from '../../sim/scenarios/index';
import type { Trace } from '../../sim/trace';
import { parseTraceFile, TraceFileError } from '../../sim/traceFile';

const text = (t: unknown) => JSON.stringify(t, null, 1) + '\n';

function refusal(t: string): string {
  try {
    parseTraceFile(t);
  } catch (e) {
    expect(e).toBeInstanceOf(TraceFileError);
    const m = (e as Error).message;
    expect(m).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(m.split('\n')).toHaveLength(1);
    return m;
  }
  throw new Error('expected the trace to be refused');
}

describe('TRACE_SCHEMA', () => {
  it('accepts every catalog scenario under every preset, nominal and seeded', () => {
    for (const s of SCENARIOS)
      for (const preset of PRESET_NAMES)
        for (const seed of [null, 7]) {
          const t = runScenario(s, { preset, seed });
          expect(parseTraceFile(text(t)), `${s.name} ${preset} ${seed}`).toEqual(JSON.parse(text(t)));
        }
  });

  const base = runScenario(SCENARIOS[0], { seed: 3 });
  const mutate = (f: (t: Trace & Record<string, unknown>) => void) => {
    const t = JSON.parse(text(base));
    f(t);
    return text(t);
  };

  it('refuses wrong types where the CLI or the page reads a field', () => {
    expect(refusal(mutate((t) => void ((t as unknown as Record<string, unknown>).scenario = 5)))).toMatch(/^malformed trace at scenario: /);
    expect(refusal(mutate((t) => void ((t.events[2] as unknown as Record<string, unknown>).label = { x: 1 })))).toMatch(/at events\[2\]\.label/);
    expect(refusal(mutate((t) => void ((t.events[2].payload as Record<string, unknown>).url = 7)))).toMatch(/events\[2\]\.payload\.url/);
    expect(refusal(mutate((t) => void ((t.outcome as unknown as Record<string, unknown>).summary = 'x')))).toMatch(/outcome\.summary/);
    expect(refusal(mutate((t) => void ((t as unknown as Record<string, unknown>).overrides = [1])))).toMatch(/overrides\[0\]/);
  });

  it('refuses config values the knob would not accept, and unknown knobs', () => {
    expect(refusal(mutate((t) => void ((t.config as unknown as Record<string, unknown>)['deploy.workers'] = 99)))).toMatch(/config\.deploy\.workers: not an allowed value/);
    expect(refusal(mutate((t) => void ((t.config as unknown as Record<string, unknown>)['deploy.workers'] = '2')))).toMatch(/deploy\.workers/);
    expect(refusal(text(base).replace('"config": {', '"config": {"constructor": 1,'))).toMatch(/^malformed trace at config: Unrecognized key: "constructor"/);
  });

  it('refuses seeds and choices out of range (a seed past 2^32 would alias a smaller one)', () => {
    expect(refusal(mutate((t) => void (t.seed = 2 ** 32)))).toMatch(/at seed/);
    expect(refusal(mutate((t) => void (t.seed = -1)))).toMatch(/at seed/);
    expect(refusal(mutate((t) => void (t.seed = 1.5)))).toMatch(/at seed/);
    expect(refusal(mutate((t) => void (t.choices = [0, -1])))).toMatch(/choices\[1\]/);
  });

  it('refuses references to actors and events that do not exist', () => {
    expect(refusal(mutate((t) => void (t.events[3].actor = 'nobody')))).toMatch(/events\[3\]\.actor: no actor has this id/);
    expect(refusal(mutate((t) => void (t.events[3].causeId = 99999)))).toMatch(/events\[3\]\.causeId/);
    expect(refusal(mutate((t) => void (t.events[3].seq = 4)))).toMatch(/events\[3\]\.seq/);
    expect(refusal(mutate((t) => void (t.actors.push({ ...t.actors[0] }))))).toMatch(/appears twice/);
  });

  it('refuses layer views of the wrong shape', () => {
    const i = base.events.findIndex((e) => Object.keys(e.after ?? {}).some((id) => base.actors.find((a) => a.id === id)?.kind === 'cache'));
    const id = Object.keys(base.events[i].after!).find((k) => base.actors.find((a) => a.id === k)?.kind === 'cache')!;
    expect(refusal(mutate((t) => void (t.events[i].after![id].entries = 'x')))).toContain(`events[${i}].after[${JSON.stringify(id)}].entries: `);
  });

  it('refuses unknown top-level fields, "__proto__" keys, deep nesting and non-objects', () => {
    expect(refusal(mutate((t) => void (t.extra = 1)))).toMatch(/Unrecognized key/);
    expect(refusal(text(base).replace('{', '{"__proto__":{"x":1},'))).toMatch(/__proto__/);
    expect(refusal(mutate((t) => void ((t.events[0].payload as Record<string, unknown>).deep = JSON.parse('['.repeat(100) + ']'.repeat(100)))))).toMatch(/nests deeper/);
    expect(refusal('[]')).toMatch(/expected a JSON object/);
    expect(refusal('\u001b[2J')).toMatch(/not valid JSON/);
  });

  it('escapes control characters from the file in its messages', () => {
    expect(refusal(mutate((t) => void ((t as unknown as Record<string, unknown>).format = 'x\u001b]0;owned\u0007')))).toMatch(/x\\u001b\]0;owned\\u0007/);
  });
});
