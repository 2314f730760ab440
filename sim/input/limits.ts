// The input limits, stated once: docs/input-contract.md quotes them (a test checks it), and the CLI
// and the visualizer enforce them before any other work. Each is far above what a real run makes
// (the visualizer benchmark's 10,628-event trace is 8 MB of JSON nesting 9 levels deep), so only a
// damaged or hostile file meets them.
// Browser-safe: no node: imports.

/** Largest file `cachelab` or the visualizer reads (a trace, a scenario file), in bytes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Deepest nesting of JSON objects and arrays in a file read (recursion past it could exhaust the stack). */
export const MAX_JSON_DEPTH = 64;
/** Most events in one trace. */
export const MAX_TRACE_EVENTS = 200_000;
/** Most actors in one trace. */
export const MAX_TRACE_ACTORS = 1_000;
/** Most recorded choices in one trace. */
export const MAX_TRACE_CHOICES = 1_000_000;
/** Most `--set` overrides in one run, trace or link. */
export const MAX_OVERRIDES = 100;
/** Longest single string field in a file (a label, a name, a payload text). */
export const MAX_STRING_CHARS = 100_000;
/** Longest argument or URL parameter echoed back in an error message; longer ones are cut. */
export const MAX_ECHO_CHARS = 80;
/** Longest visualizer URL query string the page reads. */
export const MAX_URL_CHARS = 64 * 1024;
