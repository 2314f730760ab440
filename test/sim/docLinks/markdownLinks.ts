// The links and headings of a Markdown page, read as GitHub renders it: nothing inside a fenced
// block or a `code span` is a link or a heading, so both are blanked first (line numbers kept).

export interface Link {
  line: number;
  target: string;
}

/** The page with fenced blocks and code spans blanked out, one string per line. */
export function proseLines(md: string): string[] {
  let fence: string | null = null;
  return md.split('\n').map((line) => {
    const open = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      return '';
    }
    if (open) {
      fence = open[1];
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, '');
  });
}

/** Inline links and images `[text](target "title")`, reference definitions `[x]: target`, `<a href>`. */
export function markdownLinks(md: string): Link[] {
  return proseLines(md).flatMap((line, i) => {
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)>]*?)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...line.matchAll(/^\s{0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]),
      ...[...line.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]),
    ];
    return targets.map((target) => ({ line: i + 1, target }));
  });
}

/** The text of a heading as GitHub shows it: links to their text, emphasis, code marks and tags gone. */
function headingText(raw: string): string {
  return raw
    .replace(/\s+#+\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[*`]/g, '');
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped (letters, digits, '-', '_' and spaces kept), spaces to '-'. */
export function githubSlug(text: string): string {
  return headingText(text)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page offers: its headings' slugs (a repeat gets -1, -2, …) and explicit `<a id|name>`. */
export function pageAnchors(md: string): Set<string> {
  const lines = md.split('\n');
  const prose = proseLines(md);
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (slug: string) => {
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  };
  prose.forEach((line, i) => {
    for (const m of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
    const atx = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (atx) return add(githubSlug(lines[i].replace(/^\s{0,3}#{1,6}\s+/, '')));
    // A setext heading: a text line underlined with === or --- (not a list item or a rule after a blank).
    const next = prose[i + 1];
    if (line.trim() && next !== undefined && /^\s{0,3}(=+|-+)\s*$/.test(next) && !/^\s*([-*+]|\d+\.)\s/.test(line)) add(githubSlug(lines[i]));
  });
  return anchors;
}
