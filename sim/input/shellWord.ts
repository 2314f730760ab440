// A path in a command cachelab prints for the user to paste (`npx cachelab replay ...`): a name
// with a space or a shell character must stay one argument when pasted into sh, bash or zsh.

/** The word as is when the shell reads it as is, else in single quotes. */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
