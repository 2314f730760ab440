// A file name as one word of a printed command the user pastes into a POSIX shell: as it is when
// the shell leaves it alone, else in single quotes (a quote inside as '\''), so that
// `--app "my fix.ts"` is printed as `--app 'my fix.ts'`, not as two words.
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
