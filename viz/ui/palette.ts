// Colours that stay apart for red/green colour-blind readers (Okabe and Ito's palette). Colour is
// never the only signal: every state also has a shape (✖ ◆ ● ◐) and a word, and stale periods
// are hatched.

export const COLORS = {
  blue: '#0072B2',
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#6b6b6b',
  ink: '#1b1b1b',
} as const;

/** Marks used in text next to colours. */
export const GLYPH = {
  deleted: '✖',
  back: '◆',
  fresh: '●',
  stale: '◐',
  expired: '○',
  diff: '▲',
  worker: '⚙',
} as const;
