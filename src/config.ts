// One typed configuration for the app under study and its deployment. Presets name the code as the
// seed found it (`broken`), the seed's four fixes as written (`seed-fix`), and the project's
// recommendation (`robust`). Every knob can be overridden with `--set key=value`.

import { MAX_OVERRIDES } from '../sim/input/limits';
import { didYouMean } from '../sim/input/nearestNames';
import { quoted } from '../sim/input/terminalText';

export type EventIdFormat = 'work-item-uuid' | 'uuid' | 'unmatched';
export type KeyLoop = 'month-boundary' | 'six-week' | 'none';
export type VersionScope = 'per-user' | 'global';
export type VersionBump = 'get-set' | 'incr';
export type VersionStore = 'cache' | 'db';
export type BumpWhen = 'in-view' | 'on-commit';
export type FetchCacheMode = 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache';
export type OnDeleted = 'remove-else-refetch' | 'remove-and-refetch';
export type OnCreated = 'add-event' | 'add-and-refetch' | 'refetch';
export type OnUpdated = 'set-else-refetch' | 'set-and-refetch' | 'refetch';
export type CacheBackend = 'locmem' | 'redis';
import type { DatabaseEngine } from './layers/database';
export type BrowserProfile = 'chromium' | 'seed-assumption';
export type Routing = 'accept' | 'round-robin';
export type StaticFiles = 'django' | 'elsewhere';

export interface Config {
  /** Fix 1: decorate the feed view with `never_cache`. */
  'feed.neverCache': boolean;
  /** An explicit `Cache-Control: max-age=N` on the feed response (null: none). */
  'feed.maxAgeS': number | null;
  /** Whether the feed view uses Django's cache at all. */
  'feed.serverCache': boolean;
  /** Timeout of the feed's `cache.set` (the seed's 300 s). */
  'feed.cacheTtlS': number;
  /** Fix 2 ("better approach"): a version segment `v{n}:` in the feed's cache key. */
  'feed.versionedKey': boolean;
  /** How the feed renders each event's `id`. The listener tries four formats; `unmatched` is none of them. */
  'feed.eventIdFormat': EventIdFormat;
  /** Which exact keys `work_item_delete` deletes: the seed's month loop, its six-week "alternative", or none. */
  'delete.keyLoop': KeyLoop;
  /** Fix 2: `work_item_delete` bumps the feed version. */
  'delete.bumpVersion': boolean;
  /** One version per user (`calendar_feed_version:{user_id}`, the seed's) or one for everybody. */
  'version.scope': VersionScope;
  /** `cache.get` then `cache.set` as the seed writes it, or an atomic increment. */
  'version.bump': VersionBump;
  /** Where the version counter lives: Django's cache (the seed) or a database row. */
  'version.store': VersionStore;
  /** Bump inside the view (inside the transaction under ATOMIC_REQUESTS) or in `transaction.on_commit`. */
  'version.bumpWhen': BumpWhen;
  /** Fix 3: `&_=<now>` on the feed URL. */
  'page.cacheBuster': boolean;
  /** Fix 3: request headers `Cache-Control: no-cache` and `Pragma: no-cache` on the feed fetch. */
  'page.noCacheHeaders': boolean;
  /** The `cache` option of the page's `fetch()`. */
  'page.fetchCacheMode': FetchCacheMode;
  /** The `workItemDeleted` listener: the seed's current code, or fix 4's remove-and-refetch. */
  'page.onDeleted': OnDeleted;
  /**
   * The `workItemCreated` listener: `calendar.addEvent(detail)` (no event source: no refetch ever
   * replaces it), fix 4's pattern (`addEvent(detail, true)` into the feed's source, then
   * `refetchEvents()`), or `refetchEvents()` alone.
   */
  'page.onCreated': OnCreated;
  /** The `workItemUpdated` listener: `getEventById` then `setProp('title')` and `setDates`, else a refetch; with fix 4's pattern also a refetch; or `refetchEvents()` alone. */
  'page.onUpdated': OnUpdated;
  /** The page load's own requests (the page, its scripts) go through the workers; off: only the feed and the delete reach them (the model before issue 14). */
  'page.loadRequests': boolean;
  /** Script files the calendar page loads before FullCalendar starts (FullCalendar core, daygrid, the page's own). */
  'page.scriptFiles': number;
  /** FullCalendar `firstDay` (0 Sunday, 1 Monday). */
  'calendar.firstDay': number;
  /** The browser's time zone (FullCalendar `timeZone: 'local'`), or UTC. */
  'calendar.timeZone': string;
  /** FullCalendar `lazyFetching`. */
  'calendar.lazyFetching': boolean;
  /** Number of gunicorn-style worker processes. */
  'deploy.workers': number;
  /** Django cache backend: LocMem (one per worker process) or Redis (shared). */
  'deploy.cacheBackend': CacheBackend;
  /** Django `ATOMIC_REQUESTS`. */
  'deploy.atomicRequests': boolean;
  /**
   * Which worker takes a request: gunicorn alone (`accept`: every idle worker waits in accept() on
   * one socket and the kernel hands the connection to one of them), or a proxy in front of separate
   * worker processes that sends request n to worker n mod W (`round-robin`), page and scripts included.
   */
  'deploy.routing': Routing;
  /** Who serves the page's script files: the Django workers (no validators: re-requested on every load), or a CDN/whitenoise with far-future caching. */
  'deploy.staticFiles': StaticFiles;
  /** The database: PostgreSQL (row locks, READ COMMITTED) or SQLite in WAL mode (one writer, a snapshot per transaction). */
  'deploy.database': DatabaseEngine;
  /** LocMem `MAX_ENTRIES`. */
  'cache.maxEntries': number;
  /** LocMem `CULL_FREQUENCY`. */
  'cache.cullFrequency': number;
  /** How the browser's HTTP cache behaves: measured Chromium, or the seed's belief. */
  'browser.profile': BrowserProfile;
  /** Under `seed-assumption`: how long a header-less response is reused. */
  'browser.seedReuseMs': number;
}

export type ConfigKey = keyof Config;

interface KnobSpec {
  /** Allowed values as text, or a description such as "integer 1..8". */
  allowed: readonly string[] | string;
  parse(text: string): Config[ConfigKey] | undefined;
  help: string;
  /** The knob's value in a scenario file's `config`, as JSON Schema (docs/scenario.schema.json). */
  json: Record<string, unknown>;
}

const bool = (help: string): KnobSpec => ({
  allowed: ['false', 'true'],
  parse: (t) => (t === 'true' ? true : t === 'false' ? false : undefined),
  help,
  json: { type: 'boolean' },
});
const oneOf = (values: readonly string[], help: string): KnobSpec => ({
  allowed: values,
  parse: (t) => (values.includes(t) ? (t as Config[ConfigKey]) : undefined),
  help,
  json: { enum: [...values] },
});
const int = (min: number, max: number, help: string, nullable = false): KnobSpec => ({
  allowed: `${nullable ? 'none or ' : ''}integer ${min}..${max}`,
  parse: (t) => {
    if (nullable && t === 'none') return null;
    if (!/^-?\d+$/.test(t)) return undefined;
    const n = Number(t);
    return n >= min && n <= max ? n : undefined;
  },
  help,
  json: { type: nullable ? ['integer', 'null'] : 'integer', minimum: min, maximum: max },
});
const timeZone = (help: string): KnobSpec => ({
  allowed: 'UTC or an IANA zone such as America/New_York',
  parse: (t) => {
    if (t === 'UTC') return t;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: t });
      return /\//.test(t) ? t : undefined;
    } catch {
      return undefined;
    }
  },
  help,
  json: { type: 'string', pattern: '^(UTC|[A-Za-z_]+(/[A-Za-z0-9_+-]+)+)$' },
});

export const KNOBS: Record<ConfigKey, KnobSpec> = {
  'feed.neverCache': bool('fix 1: @never_cache on work_items_calendar_feed'),
  'feed.maxAgeS': int(0, 86400, 'explicit Cache-Control max-age on the feed response', true),
  'feed.serverCache': bool('the feed view reads and fills Django\'s cache'),
  'feed.cacheTtlS': int(0, 86400, 'timeout of the feed\'s cache.set, seconds'),
  'feed.versionedKey': bool('fix 2: version segment v{n} in the feed cache key'),
  'feed.eventIdFormat': oneOf(['work-item-uuid', 'uuid', 'unmatched'], 'event id the feed emits'),
  'delete.keyLoop': oneOf(['month-boundary', 'six-week', 'none'], 'exact keys every write view (delete, create, edit) deletes; the name is the seed\'s delete code'),
  'delete.bumpVersion': bool('fix 2: every write view (delete, create, edit) bumps the feed version; the name is the seed\'s delete code'),
  'version.scope': oneOf(['per-user', 'global'], 'one version counter per user, or one for all'),
  'version.bump': oneOf(['get-set', 'incr'], 'get then set (as the seed writes it), or atomic incr'),
  'version.store': oneOf(['cache', 'db'], 'where the version counter lives'),
  'version.bumpWhen': oneOf(['in-view', 'on-commit'], 'bump inside the view, or in transaction.on_commit'),
  'page.cacheBuster': bool('fix 3: &_=<now> on the feed URL'),
  'page.noCacheHeaders': bool('fix 3: Cache-Control/Pragma: no-cache request headers'),
  'page.fetchCacheMode': oneOf(['default', 'no-store', 'reload', 'no-cache', 'force-cache'], 'fetch() cache mode'),
  'page.onDeleted': oneOf(['remove-else-refetch', 'remove-and-refetch'], 'workItemDeleted listener (fix 4)'),
  'page.onCreated': oneOf(['add-event', 'add-and-refetch', 'refetch'], 'workItemCreated listener (fix 4 applied: add-and-refetch)'),
  'page.onUpdated': oneOf(['set-else-refetch', 'set-and-refetch', 'refetch'], 'workItemUpdated listener (fix 4 applied: set-and-refetch)'),
  'page.loadRequests': bool('page and script requests of each page load go through the workers, as in the real app (docs/facts.md)'),
  'page.scriptFiles': int(0, 10, 'script files the calendar page loads'),
  'calendar.firstDay': int(0, 6, 'FullCalendar firstDay'),
  'calendar.timeZone': timeZone('browser time zone'),
  'calendar.lazyFetching': bool('FullCalendar lazyFetching'),
  'deploy.workers': int(1, 8, 'gunicorn worker processes'),
  'deploy.cacheBackend': oneOf(['locmem', 'redis'], 'Django cache backend'),
  'deploy.atomicRequests': bool('Django ATOMIC_REQUESTS'),
  'deploy.routing': oneOf(['accept', 'round-robin'], 'gunicorn alone (kernel picks an idle worker) or a round-robin proxy over all requests'),
  'deploy.staticFiles': oneOf(['django', 'elsewhere'], 'script files served by the workers, or by a CDN/whitenoise'),
  'deploy.database': oneOf(['postgresql', 'sqlite'], 'database: PostgreSQL row locks, or SQLite (WAL) one writer'),
  'cache.maxEntries': int(1, 100000, 'LocMem MAX_ENTRIES'),
  'cache.cullFrequency': int(0, 100, 'LocMem CULL_FREQUENCY'),
  'browser.profile': oneOf(['chromium', 'seed-assumption'], 'browser HTTP cache behaviour'),
  'browser.seedReuseMs': int(0, 86_400_000, 'seed-assumption: reuse time of header-less responses, ms'),
};

export const CONFIG_KEYS = Object.keys(KNOBS) as ConfigKey[];

/** The code as the seed found it, on the seed's deployment (one process, LocMem defaults). */
export const BASE_CONFIG: Config = {
  'feed.neverCache': false,
  'feed.maxAgeS': null,
  'feed.serverCache': true,
  'feed.cacheTtlS': 300,
  'feed.versionedKey': false,
  'feed.eventIdFormat': 'work-item-uuid',
  'delete.keyLoop': 'month-boundary',
  'delete.bumpVersion': false,
  'version.scope': 'per-user',
  'version.bump': 'get-set',
  'version.store': 'cache',
  'version.bumpWhen': 'in-view',
  'page.cacheBuster': false,
  'page.noCacheHeaders': false,
  'page.fetchCacheMode': 'default',
  'page.onDeleted': 'remove-else-refetch',
  'page.onCreated': 'add-event',
  'page.onUpdated': 'set-else-refetch',
  'page.loadRequests': true,
  'page.scriptFiles': 3,
  'calendar.firstDay': 0,
  'calendar.timeZone': 'UTC',
  'calendar.lazyFetching': true,
  'deploy.workers': 1,
  'deploy.cacheBackend': 'locmem',
  'deploy.atomicRequests': false,
  'deploy.routing': 'accept',
  'deploy.staticFiles': 'django',
  'deploy.database': 'postgresql',
  'cache.maxEntries': 300,
  'cache.cullFrequency': 3,
  'browser.profile': 'chromium',
  'browser.seedReuseMs': 60_000,
};

/** The seed's four fixes, one group of knobs each (used by `matrix`). */
export const SEED_FIXES: Record<1 | 2 | 3 | 4, Partial<Config>> = {
  1: { 'feed.neverCache': true },
  2: {
    'feed.versionedKey': true,
    'delete.bumpVersion': true,
    // The seed's fix 2 code block runs the six-week "alternative" loop after the version bump.
    'delete.keyLoop': 'six-week',
  },
  3: { 'page.cacheBuster': true, 'page.noCacheHeaders': true },
  // The seed writes fix 4 for the delete's listener; the create and edit listeners get the same pattern.
  4: { 'feed.eventIdFormat': 'uuid', 'page.onDeleted': 'remove-and-refetch', 'page.onCreated': 'add-and-refetch', 'page.onUpdated': 'set-and-refetch' },
};

export interface Preset {
  description: string;
  /** Code knobs only: deployment knobs come from the scenario or --set. */
  values: Partial<Config>;
}

export const PRESETS: Record<string, Preset> = {
  broken: { description: 'the code as the seed found it', values: {} },
  'seed-fix': {
    description: "the seed's fixes 1-4, applied as the seed writes them",
    values: { ...SEED_FIXES[1], ...SEED_FIXES[2], ...SEED_FIXES[3], ...SEED_FIXES[4] },
  },
  robust: {
    description: 'the project\'s recommendation (docs/recommendation.md)',
    values: {
      'feed.neverCache': true,
      'feed.versionedKey': true,
      'feed.eventIdFormat': 'uuid',
      'delete.keyLoop': 'none',
      'delete.bumpVersion': true,
      'version.scope': 'global',
      'version.bump': 'incr',
      'version.store': 'db',
      'version.bumpWhen': 'in-view',
      'page.onDeleted': 'remove-and-refetch',
      'page.onCreated': 'add-and-refetch',
      'page.onUpdated': 'set-and-refetch',
    },
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** The preset a user's string names (own keys only), or a UsageError listing the presets. */
export function presetNamed(name: string): Preset {
  if (!Object.hasOwn(PRESETS, name)) throw new UsageError(`unknown config preset ${quoted(name)}${didYouMean(name, PRESET_NAMES)}; valid presets: ${PRESET_NAMES.join(', ')}`);
  return PRESETS[name];
}

/** A usage error: bad input from the user, reported in one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseOverride(text: string): [ConfigKey, Config[ConfigKey]] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value, got ${quoted(text)}`);
  const key = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  if (!Object.hasOwn(KNOBS, key)) {
    throw new UsageError(`unknown config key ${quoted(key)}${didYouMean(key, CONFIG_KEYS)}; valid keys: ${CONFIG_KEYS.join(', ')}`);
  }
  const spec = KNOBS[key as ConfigKey];
  const parsed = spec.parse(value);
  if (parsed === undefined) {
    const allowed = typeof spec.allowed === 'string' ? spec.allowed : spec.allowed.join(', ');
    const near = typeof spec.allowed === 'string' ? '' : didYouMean(value, spec.allowed);
    throw new UsageError(`bad value ${quoted(value)} for ${key}${near}; allowed: ${allowed}`);
  }
  return [key as ConfigKey, parsed];
}

export interface ResolvedConfig {
  preset: string;
  overrides: string[];
  config: Config;
}

/**
 * Precedence: base < scenario defaults < preset < --set. Scenarios set the deployment they need
 * (workers, dates, cache size); presets set the code; --set wins over both.
 */
export function resolveConfig(
  preset: string,
  overrides: readonly string[] = [],
  scenarioDefaults: Partial<Config> = {},
): ResolvedConfig {
  const p = presetNamed(preset);
  if (overrides.length > MAX_OVERRIDES) throw new UsageError(`at most ${MAX_OVERRIDES} --set overrides; got ${overrides.length}`);
  const config: Config = { ...BASE_CONFIG, ...scenarioDefaults, ...p.values };
  for (const o of overrides) {
    const [k, v] = parseOverride(o);
    (config as unknown as Record<string, unknown>)[k] = v;
  }
  return { preset, overrides: [...overrides], config };
}

export function formatValue(v: Config[ConfigKey]): string {
  return v === null ? 'none' : String(v);
}
