import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { echo, escapeControls, quoted } from '../../../sim/input/terminalText';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('escapeControls', () => {
  it('writes ESC, BEL, newline, DEL, C1 and bidi overrides as visible escapes', () => {
    expect(escapeControls('a\u001b]0;pwned\u0007b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(escapeControls('x\ny\r\tz\u007f\u009b')).toBe('x\\ny\\r\\tz\\x7f\\x9b');
    expect(escapeControls('abc\u202Efed')).toBe('abc\\u202efed');
  });
  it('leaves ordinary text, accents and emoji alone', () => {
    expect(escapeControls('Café – 📅 seed-broken')).toBe('Café – 📅 seed-broken');
  });
  it('no output of any input holds a control character, and plain text is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const out = escapeControls(s);
        return !CONTROL.test(out) && (CONTROL.test(s) || /[\ud800-\udfff\ufeff\u061c\u200e\u200f]/.test(s) || out === s);
      }),
      { seed: 13, numRuns: 1000 },
    );
  });
  it('echo cuts long input; quoted wraps it', () => {
    expect(echo('x'.repeat(500)).length).toBe(83);
    expect(quoted('a\u001bb')).toBe('"a\\x1bb"');
  });
  it('escapes lone surrogates but keeps pairs', () => {
    expect(escapeControls('\ud83d')).toBe('\\ud83d');
    expect(escapeControls('\ud83d\udcc5')).toBe('📅');
  });
});
