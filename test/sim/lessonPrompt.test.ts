// `cachelab lesson N` at a terminal: a typed answer is one letter of the question's choices; anything
// else is answered with what to type, never silently re-asked nor read by its first letter.
import { describe, expect, it } from 'vitest';
import { readChoice } from '../../sim/cli/cliLesson';

describe('cachelab lesson: reading a typed answer', () => {
  it('takes one letter, either case, spaces around it', () => {
    expect(readChoice('a', 2)).toBe(0);
    expect(readChoice(' B ', 2)).toBe(1);
    expect(readChoice('d', 4)).toBe(3);
  });

  it('says what to type for a letter past the choices, a word, or nothing', () => {
    const say = 'Type one letter, A to B (Ctrl-C stops).';
    expect(readChoice('C', 2)).toBe(say);
    // Read by its first letter, "b is right" was (B) and "hello" was re-asked without a word.
    expect(readChoice('b is right', 2)).toBe(say);
    expect(readChoice('hello', 2)).toBe(say);
    expect(readChoice('', 2)).toBe(say);
    expect(readChoice('x', 4)).toBe('Type one letter, A to D (Ctrl-C stops).');
  });
});
