// Where in the user's files an exception of a view was raised, for its 500 (check's note says
// `TypeError: ... (my-fix.ts, line 22)`): the first frame of its stack that is neither cachelab's
// own code nor Node's nor a package's. The app is loaded from its own path with a source map
// (sim/app/loadUserApp.ts), so the line is the TypeScript file's. The file is named without its
// folder: a trace says the same wherever the app lives.

/** cachelab's own sources, as paths: this file is src/app/userApp/errorPlace.ts. */
const ROOT = decodeURIComponent(new URL('../../../', import.meta.url).pathname);
const OWN = [`${ROOT}src/`, `${ROOT}sim/`, `${ROOT}tools/`];

/** "at f (/path/file.ts:22:7)", "at /path/file.ts:22:7", "at f (file:///path/file.ts?q:22:7)". */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):\d+\)?$/;

function pathOf(location: string): string {
  if (!location.startsWith('file://')) return location;
  try {
    return decodeURIComponent(new URL(location).pathname);
  } catch {
    return location;
  }
}

/** "my-fix.ts, line 22", or null when no frame is the user's (or the exception has no stack). */
export function errorPlace(e: unknown): string | null {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const path = pathOf(m[1]);
    if (!path.startsWith('/') || path.includes('/node_modules/') || OWN.some((dir) => path.startsWith(dir))) continue;
    return `${path.slice(path.lastIndexOf('/') + 1)}, line ${m[2]}`;
  }
  return null;
}
