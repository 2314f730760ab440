// parseArgs's errors in cachelab's words, from the errors node:util parseArgs really throws.
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgsMessage } from '../../sim/cli/parseArgsMessage';
import { nearestNames } from '../../sim/input/nearestNames';

const FLAGS = ['--config', '--set', '--seed', '--max-states', '--json', '--help'];

function messageFor(args: string[]): string {
  try {
    parseArgs({ args, options: { config: { type: 'string' }, set: { type: 'string' }, seed: { type: 'string' }, 'max-states': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (e) {
    return parseArgsMessage(e as Error, args, FLAGS);
  }
  throw new Error(`parseArgs accepted ${JSON.stringify(args)}`);
}

describe('parseArgsMessage', () => {
  it.each([
    [['--preset', 'x'], 'unknown flag "--preset"'],
    [['--Config', 'robust'], 'unknown flag "--Config" (did you mean --config?)'],
    [['--max-state', '5'], 'unknown flag "--max-state" (did you mean --max-states?)'],
    [['--sed', '1'], 'unknown flag "--sed" (did you mean --set or --seed?)'],
    [['--jsno'], 'unknown flag "--jsno" (did you mean --json?)'],
    [['--max_states', '5'], 'unknown flag "--max_states" (did you mean --max-states?)'],
    [['-z'], 'unknown flag "-z"'],
    [['--seed', '-3'], '--seed needs a value, and the next argument "-3" looks like a flag (to give a value that starts with "-", write --seed=-3)'],
    [['--seed', '--json'], '--seed needs a value, and the next argument "--json" looks like a flag (to give a value that starts with "-", write --seed=--json)'],
    [['--seed'], '--seed needs a value'],
    [['--json=1'], '--json takes no value: give it on its own'],
  ])('%j: %s', (args, expected) => {
    expect(messageFor(args)).toBe(expected);
  });

  it('suggests nothing for a flag that is near none, and every flag at the nearest distance', () => {
    expect(nearestNames('--frobnicate', FLAGS)).toEqual([]);
    expect(nearestNames('--se', FLAGS)).toEqual(['--set', '--seed']);
    expect(nearestNames('--sete', FLAGS)).toEqual(['--set']);
    expect(nearestNames('--cnofig', FLAGS)).toEqual(['--config']);
  });

  it("keeps node's first line for an error it does not know", () => {
    expect(parseArgsMessage(new Error('something else\nmore'), [], FLAGS)).toBe('something else');
  });
});
