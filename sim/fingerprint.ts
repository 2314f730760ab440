// The explorer's visited-state fingerprint: 64 bits (two 32-bit lanes) computed structurally from
// the world's state (sim/world/state.ts), with no text rendered on the way. Every field of
// SimState, RequestState and each task and page-job record has an entry in a table below, either
// how it is hashed or why it is left out: the tables are typed so that a field added to the state
// without an entry does not compile (a missed field would silently merge different states).
//
// What is abstracted, and why it is sound (the same abstraction as the plain explorer's text,
// sim/stateHash.ts, which has the longer argument):
// - Time is measured from R, the time of the next pending task: nothing happens between now and
//   R. Pending tasks are a multiset of (t - R, actor, what they do); Django cache expiries are
//   relative to R ('expired' once expired, 'far' past the horizon); browser cache entries keep
//   their freshness left at R; an entry under a cache-buster URL older than R is left out (no
//   later fetch asks for it), and the buster value of a request in flight is left out; a page
//   load's FullCalendar start is measured from R, 0 once reached (pageStarts).
// - Trace bookkeeping (seq numbers of causes, event counts, the run's task counter) is history:
//   it changes links in the trace, never what happens next or what the checkers judge.
// - The view's clock readings in the past (a request's start and reply times) are left out: a
//   view reads the clock only to stamp Date headers on the answer it builds in the same step,
//   and that answer is hashed. (work_item_delete's 404 answer stamps the time of its start: the
//   catalog never deletes a missing item, so no run reaches it.)
// - What the checkers will judge is state: committed items, acknowledged deletes, and what had
//   been committed when each fetch or request started.
import type { HttpRequest, HttpResponse } from '../src/app/http';
import { isExpired, type DjangoCacheContext, type DjangoCacheEntry } from '../src/layers/djangoCache';
import type { BrowserHttpCacheContext, BrowserHttpCacheEntry } from '../src/layers/browserHttpCache';
import { freshnessAt, type CachePolicyObject } from '../src/layers/browserHttpCachePolicy';
import { BoundedMemo } from '../src/boundedMemo';
import { WeakMemo } from '../src/weakMemo';
import { layerKind, type LayerKind } from './world/layers';
import type { JsonValue } from '../src/json';
import type { PageJob, RequestState, RequestThen, SimState, Task, TaskSpec, ViewReply } from './world/state';
import { headersThatMatter } from './world/taskKey';

/** Two 32-bit lanes with different multipliers and shifts; each word is mixed into both. */
export class Hasher {
  a = 0x811c9dc5 | 0;
  b = 0x3c6ef372 | 0;

  word(x: number): void {
    let a = Math.imul(this.a ^ x, 0x01000193);
    a ^= a >>> 15;
    this.a = a;
    let b = Math.imul(this.b ^ x, 0x5bd1e995);
    b ^= b >>> 13;
    this.b = Math.imul(b, 0x27d4eb2d) ^ (b >>> 16);
  }

  /** A tag word before each number, so an integer never reads as the start of a fraction's text. */
  num(n: number): void {
    if ((n | 0) === n) {
      this.word(0x696e7420);
      this.word(n);
    } else {
      this.word(0x666c7420);
      this.str(String(n));
    }
  }

  /** Its length, then two UTF-16 units per word (half the mixing steps of one per word; still one-to-one). */
  str(s: string): void {
    const n = s.length;
    this.word(n ^ 0x5f3759df);
    let i = 0;
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.word(s.charCodeAt(i));
  }

  pair(p: readonly [number, number]): void {
    this.word(p[0]);
    this.word(p[1]);
  }

  /** Back to the initial lanes (a scratch hasher is reused rather than allocated). */
  reset(): this {
    this.a = 0x811c9dc5 | 0;
    this.b = 0x3c6ef372 | 0;
    return this;
  }

  // A final avalanche so nearby inputs spread over the whole table.
  finalA(): number {
    let a = this.a;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    return (a ^ (a >>> 16)) >>> 0;
  }

  finalB(): number {
    let b = this.b;
    b = Math.imul(b ^ (b >>> 16), 0x7feb352d);
    b = Math.imul(b ^ (b >>> 15), 0x846ca68b);
    return (b ^ (b >>> 16)) >>> 0;
  }

  result(): [number, number] {
    return [this.finalA(), this.finalB()];
  }
}

/**
 * A cache of values kept per object (stored values are never mutated, sim/world/state.ts), bounded:
 * a WeakMap grew to millions of entries over a long search, and the collector's pass over them
 * was a fifth of the explorer's time. Two generations: entries go into the young one; when it is
 * full it becomes the old one (the previous old one is dropped), and an entry found in the old one
 * moves back to the young one, so what the run keeps meeting (the layers' unchanged parts, the
 * stored boundaries' records) stays while the one-off values of states already passed are
 * dropped. A miss only recomputes: the hash is a function of the value, never of the cache.
 */
/** Set while fingerprintWithoutCaches runs: every kept hash is recomputed (the caches' test oracle). */
let cachesOff = false;

/** Deliberate faults, for the tests that must catch them (test/sim/fingerprintPlain.test.ts). */
export interface FingerprintFlaws {
  /** contextMembers keeps a member's hash while any object is at its place (identity unchecked: a missed update). */
  membersByPlace?: boolean;
  /** layers keeps a cache's or a browser's hash while its context is the same object, though the hash depends on the reference time too. */
  timedByIdentity?: boolean;
  /** layers keeps a cache's or a browser's hash at every later reference time, though an entry measured from it (an expiry, a freshness, a cache-buster) changes with it. */
  timedForever?: boolean;
  /** A request's request, then, readSnapshot and response words are kept while any value is in its slot (identity unchecked). */
  requestFieldsBySlot?: boolean;
  /** A request's reply words are kept while any reply is at its place in its slot (identity unchecked). */
  repliesByPlace?: boolean;
}
// Read as plain booleans (not a flaws object's fields) on the hot path.
let membersByPlace = false;
let timedByIdentity = false;
let timedForever = false;
let requestFieldsBySlot = false;
let repliesByPlace = false;

/** Runs `f` with the fingerprint's caches broken as `faults` says. */
export function withFingerprintFlaws<T>(faults: FingerprintFlaws, f: () => T): T {
  forgetLayers();
  forgetRequests();
  membersByPlace = faults.membersByPlace === true;
  timedByIdentity = faults.timedByIdentity === true;
  timedForever = faults.timedForever === true;
  requestFieldsBySlot = faults.requestFieldsBySlot === true;
  repliesByPlace = faults.repliesByPlace === true;
  try {
    return f();
  } finally {
    membersByPlace = timedByIdentity = timedForever = requestFieldsBySlot = repliesByPlace = false;
    // The layers' and the requests' kept hashes were made with the faults: none outlives them.
    forgetLayers();
    forgetRequests();
  }
}

export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  // The last key asked: consecutive states share most fields, so most asks repeat the last one.
  private lastKey: K | undefined = undefined;
  private lastValue: V | undefined = undefined;

  /**
   * `limit` 0: only the last key is kept (where the maps' hits do not pay for their sets and the
   * values they keep alive). 4,096 per generation, not 16,384: the caches held about 30 MB of
   * values that only they kept alive (cache-pressure broken, heap after a full GC at 300,000
   * states: 350 -> 320 MB), and the smaller ones explored as fast.
   */
  constructor(private readonly limit = 1 << 12) {
    // Both maps are replaced when the young one fills. Stored once more here, so that V8 never
    // takes them for constant fields: the first replacement then threw away (deoptimized) all the
    // optimized code that had read one (every fingerprint rule, at one stroke), to compile it again.
    this.young = new Map();
    this.old = new Map();
  }

  get(k: K): V | undefined {
    if (cachesOff) return undefined;
    if (k === this.lastKey) return this.lastValue;
    if (this.limit === 0) return undefined;
    const v = this.young.get(k);
    if (v !== undefined) {
      this.lastKey = k;
      this.lastValue = v;
      return v;
    }
    const o = this.old.get(k);
    if (o !== undefined) this.set(k, o);
    return o;
  }

  set(k: K, v: V): void {
    if (this.limit === 0) {
      this.lastKey = k;
      this.lastValue = v;
      return;
    }
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(k, v);
    this.lastKey = k;
    this.lastValue = v;
  }
}

/**
 * The lanes PairCache.get found (out-parameters: no pair allocated), as signed 32-bit integers:
 * Hasher.word reads only their 32 bits, and a lane over 2^31 - 1 stored here would be a heap number
 * allocated at every lookup.
 */
let pairA = 0;
let pairB = 0;

/**
 * A BoundedCache of hashes (two 32-bit lanes), the same policy, with each generation's lanes in
 * one Int32Array and its map holding a key's place there (a small integer), not a [a, b] array:
 * the kept arrays (64 bytes each, and a Map entry pointing at each) were most of what the
 * fingerprint's caches held at commit-race seed-fix's first witness, and every one was copied by
 * the collector's young generation at least once.
 */
export class PairCache<K> {
  private young = new Map<K, number>();
  private old = new Map<K, number>();
  private youngLanes: Int32Array;
  private oldLanes: Int32Array;
  private lastKey: K | undefined = undefined;
  private lastA = 0;
  private lastB = 0;

  /** `limit` 0: only the last key is kept. */
  constructor(private readonly limit = 1 << 12) {
    // Stored once more here, as in BoundedCache: V8 must not take them for constant fields.
    this.young = new Map();
    this.old = new Map();
    this.youngLanes = new Int32Array(2 * limit);
    this.oldLanes = new Int32Array(2 * limit);
  }

  /** Whether `k`'s hash is kept; if so, its lanes are in pairA and pairB. */
  get(k: K): boolean {
    if (cachesOff) return false;
    if (k === this.lastKey) {
      pairA = this.lastA;
      pairB = this.lastB;
      return true;
    }
    if (this.limit === 0) return false;
    const i = this.young.get(k);
    if (i !== undefined) {
      pairA = this.lastA = this.youngLanes[2 * i];
      pairB = this.lastB = this.youngLanes[2 * i + 1];
      this.lastKey = k;
      return true;
    }
    const o = this.old.get(k);
    if (o === undefined) return false;
    const a = this.oldLanes[2 * o];
    const b = this.oldLanes[2 * o + 1];
    this.set(k, a, b);
    pairA = a;
    pairB = b;
    return true;
  }

  /** get, as an unsigned pair like Hasher.result's (tests). */
  peek(k: K): [number, number] | undefined {
    return this.get(k) ? [pairA >>> 0, pairB >>> 0] : undefined;
  }

  /** Forgets every kept hash. */
  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.lastKey = undefined;
  }

  /** Keeps `k`'s lanes (their 32 bits: get gives them back signed). */
  set(k: K, a: number, b: number): void {
    a |= 0;
    b |= 0;
    this.lastKey = k;
    this.lastA = a;
    this.lastB = b;
    if (this.limit === 0) return;
    let i = this.young.get(k);
    if (i === undefined) {
      if (this.young.size >= this.limit) {
        // The old generation's keys are dropped with its map, and its lanes array is the young one's now.
        this.old = this.young;
        this.young = new Map();
        const lanes = this.oldLanes;
        this.oldLanes = this.youngLanes;
        this.youngLanes = lanes;
      }
      i = this.young.size;
      this.young.set(k, i);
    }
    this.youngLanes[2 * i] = a;
    this.youngLanes[2 * i + 1] = b;
  }
}

/**
 * A field rule that hashes its value once per value object (the field is replaced, never mutated,
 * when it changes): for rules that do not read the fingerprint context. Each rule has its own
 * scratch hasher (no rule hashes through itself).
 */
function byIdentity<V extends object>(rule: (h: Hasher, v: V) => void, limit?: number, cache?: PairCache<V>): (h: Hasher, v: V) => void {
  const lanes = identityLanes(rule, limit, cache);
  return (h, v) => {
    lanes(v);
    h.word(pairA);
    h.word(pairB);
  };
}

/** byIdentity's hash without feeding it: sets pairA, pairB to `v`'s hash by `rule`, kept per value object. */
function identityLanes<V extends object>(rule: (h: Hasher, v: V) => void, limit?: number, cache = new PairCache<V>(limit)): (v: V) => void {
  const e = new Hasher();
  return (v) => {
    if (!cache.get(v)) {
      rule(e.reset(), v);
      pairA = e.finalA() | 0;
      pairB = e.finalB() | 0;
      cache.set(v, pairA, pairB);
    }
  };
}

const scratch = new Hasher();
/** STATE.idleWorkers' scratch list. */
const SORTED_IDLE: number[] = [];

/**
 * An unordered collection's hash without sorting: the members' mixed hashes summed lane by lane
 * (mod 2^32), and their count. A sum, unlike an XOR, tells {x, x} from {}; two different
 * collections collide only when their sums do, about 2^-64 for well-mixed member hashes.
 */
class SumMultiset {
  a = 0;
  b = 0;
  n = 0;

  /** Empty again (one per collection rule, reused at every state). */
  clear(): this {
    this.a = 0;
    this.b = 0;
    this.n = 0;
    return this;
  }

  add(h: Hasher): void {
    this.a = (this.a + h.finalA()) | 0;
    this.b = (this.b + h.finalB()) | 0;
    this.n++;
  }

  feed(h: Hasher): void {
    h.word(this.n);
    h.word(this.a);
    h.word(this.b);
  }
}

/** Stored values are never mutated (sim/world/state.ts), so an object's hash is kept per object. */
const jsonHashes = new PairCache<object>();

/** Scratch hashers by nesting depth: a JSON value is hashed with no hasher or pair allocated per member. */
const jsonHashers: Hasher[] = [];

/** The lanes of the object or array jsonLanes last hashed (out-parameters: no pair allocated). */
let laneA = 0;
let laneB = 0;

/**
 * A JSON value's structural hash (object keys in their order; `reply` fields of contexts skipped).
 * Only a value holding other objects or arrays is kept: a flat one (a feed event, a headers
 * object, an empty list) costs a few words to hash again, while keeping it pins it past the
 * collector's young generation (most of the misses, and of the kept values, were such: each
 * answer's body is made anew, and its events with it).
 */
export function jsonHash(v: unknown): [number, number] {
  if (typeof v === 'object' && v !== null) {
    if (jsonHashes.get(v)) return [pairA >>> 0, pairB >>> 0];
    jsonLanes(v, 0);
    return [laneA, laneB];
  }
  const h = (jsonHashers[0] ??= new Hasher()).reset();
  feedJson(h, v, 0);
  return h.result();
}

/** Feeds jsonHash(v) to `h` (a hasher of a rule, never one of jsonHashers) without allocating its pair. */
function jsonInto(h: Hasher, v: unknown): void {
  jsonPair(v);
  h.word(pairA);
  h.word(pairB);
}

/** jsonHash(v) without a pair allocated: its lanes in pairA, pairB (signed, as PairCache.get leaves them). */
function jsonPair(v: unknown): void {
  if (typeof v === 'object' && v !== null) {
    if (jsonHashes.get(v)) return;
    jsonLanes(v, 0);
    pairA = laneA | 0;
    pairB = laneB | 0;
    return;
  }
  const e = (jsonHashers[0] ??= new Hasher()).reset();
  feedJson(e, v, 0);
  pairA = e.finalA() | 0;
  pairB = e.finalB() | 0;
}

/** Sets laneA, laneB to the hash of object or array `v` (not looked up: the caller did), keeping it when worth it. */
function jsonLanes(v: object, depth: number): void {
  const h = (jsonHashers[depth] ??= new Hasher()).reset();
  const nested = feedJson(h, v, depth);
  laneA = h.finalA();
  laneB = h.finalB();
  if (nested) jsonHashes.set(v, laneA, laneB);
}

/**
 * Object keys' hashes: a few dozen field names, met in every object hashed. Bounded: a record
 * keyed by data (a URL) could bring many.
 */
const keyHashes = new BoundedMemo<string, [number, number]>(4096);

function keyHash(k: string): [number, number] {
  return keyHashes.get(k, stringHash);
}

/** A short string's hash (field names, layer ids: each memoised). */
function stringHash(s: string): [number, number] {
  const h = new Hasher();
  h.str(s);
  return h.result();
}

// Tags of a JSON member's kind: every member's words start with one, so the words of a
// collection read back one way only (a string's length word never passes for a number).
const NULL_TAG = 0x6e756c6c;
const STRING_TAG = 0x73747220;
const NUMBER_TAG = 0x6e756d;
const TRUE_TAG = 0x74727565;
const FALSE_TAG = 0x66616c73;
const NESTED_TAG = 0x7b5b5d7d;
const OBJECT_TAG = 0x7b7b7b7b;

/** Feeds one member of a collection at `depth`: a primitive's words in place, a nested value's hash. */
function feedMember(h: Hasher, x: unknown, depth: number): void {
  if (typeof x === 'object' && x !== null) {
    h.word(NESTED_TAG);
    if (jsonHashes.get(x)) {
      h.word(pairA);
      h.word(pairB);
    } else {
      jsonLanes(x, depth + 1);
      h.word(laneA);
      h.word(laneB);
    }
  } else feedJson(h, x, depth);
}

/** Feeds `v`'s structure to `h`; true when `v` is an object or array holding an object or array (worth keeping its hash: jsonHash). */
function feedJson(h: Hasher, v: unknown, depth: number): boolean {
  let nested = false;
  if (v === null || v === undefined) h.word(NULL_TAG);
  else if (typeof v === 'string') {
    h.word(STRING_TAG);
    h.str(v);
  } else if (typeof v === 'number') {
    h.word(NUMBER_TAG);
    h.num(v);
  } else if (typeof v === 'boolean') h.word(v ? TRUE_TAG : FALSE_TAG);
  else if (Array.isArray(v)) {
    h.word(0x5b5b5b5b ^ v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'object' && x !== null) nested = true;
      feedMember(h, x, depth);
    }
  } else {
    const o = v as Record<string, unknown>;
    h.word(OBJECT_TAG);
    for (const k in o) {
      const x = o[k];
      if (k === 'reply' || x === undefined) continue;
      if (typeof x === 'object' && x !== null) nested = true;
      const kh = keyHash(k);
      h.word(kh[0]);
      h.word(kh[1]);
      feedMember(h, x, depth);
    }
  }
  return nested;
}

/** Hash of an unordered collection: the members' hashes, sorted. */
function multiset(h: Hasher, members: Array<[number, number]>): void {
  if (members.length > 1) members.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  h.word(members.length);
  for (const m of members) h.pair(m);
}

export interface FingerprintContext {
  /** R: the time of the next pending task (now, when none). */
  refMs: number;
  epochMs: number;
  horizonMs: number;
}

/** How one field is hashed, or the reason it is left out. */
type FieldRule<V> = ((h: Hasher, v: V, c: FingerprintContext) => void) | { skip: string };
export type FieldTable<T> = { [K in keyof T]-?: FieldRule<T[K]> };

type Rule = (h: Hasher, v: unknown, c: FingerprintContext) => void;
/** A table's hashed fields, one after the other (the skipped ones left out). */
type Fields = (h: Hasher, v: unknown, c: FingerprintContext) => void;
const compiledTables = new WeakMemo<object, Fields>();

/**
 * A table made into one function that reads each field by its name and calls each field's rule
 * from a call site of its own. A loop over the table's keys read every field by a computed key (a
 * megamorphic keyed load: the same site reads every field of every table) and called every rule
 * from one site, which V8 could never inline; here each read meets one shape and each call one
 * rule. The source is built from the table's own keys (identifiers of the state's types, quoted
 * by JSON.stringify) and nothing else.
 */
function compile(table: object): Fields {
  const keys: string[] = [];
  const rules: Rule[] = [];
  for (const key in table) {
    const rule = (table as Record<string, FieldRule<unknown>>)[key];
    if (typeof rule === 'function') {
      keys.push(key);
      rules.push(rule as Rule);
    }
  }
  const params = rules.map((_, i) => `r${i}`);
  const body = keys.map((k, i) => `r${i}(h, v[${JSON.stringify(k)}], c);`).join('\n');
  return new Function(...params, `return function fields(h, v, c) {\n${body}\n};`)(...rules) as Fields;
}

/** A table's compiled fields, compiled once per table. */
function compiled<T>(table: FieldTable<T>): Fields {
  return compiledTables.get(table, compile);
}

/** A tagged union's tables (by its `kind`), each compiled: looked up by kind rather than by table. */
function compiledByKind<U extends { kind: string }>(tables: Record<string, object>): (v: U) => Fields {
  const byKind = new Map<string, Fields>();
  for (const kind in tables) byKind.set(kind, compiled(tables[kind] as FieldTable<unknown>));
  return (v) => byKind.get(v.kind)!;
}

const str = (h: Hasher, v: string) => h.str(v);
const num = (h: Hasher, v: number) => h.num(v);
const json = (h: Hasher, v: unknown) => jsonInto(h, v);
const strings = (h: Hasher, v: readonly string[]) => {
  h.word(v.length);
  for (const s of v) h.str(s);
};
const TRACE_LINK = { skip: 'a seq number: links events in the trace, never decides what happens next' };

const BUSTERS = /([?&]_=)(\d+)/g;
/** A cache-buster URL of a fetch in flight: its answer is stored under a URL no later fetch asks for. */
const withoutBuster = (url: string) => (url.includes('_=') ? url.replace(BUSTERS, '$1~') : url);
const url = (h: Hasher, v: string) => h.str(withoutBuster(v));

function response(h: Hasher, r: HttpResponse): void {
  h.num(r.status);
  jsonInto(h, headersThatMatter(r.headers));
  jsonInto(h, r.body);
}

/** The events function's arguments are replayed to rebuild it; what it does with the answer depends only on the answer. */
const FETCH_CALL = { skip: "the events function's call (range, page clock): its callback depends only on the answer" };

// ---- page jobs and tasks --------------------------------------------------------------------

type JobOf<K extends PageJob['kind']> = Extract<PageJob, { kind: K }>;
const PAGE_JOBS: { [K in PageJob['kind']]: FieldTable<JobOf<K>> } = {
  step: { kind: str, index: num },
  parse: { kind: str, user: str, fetchId: num, startStr: FETCH_CALL, endStr: FETCH_CALL, wallClockMs: FETCH_CALL, committed: str, response: (h, r) => { h.num(r.status); jsonInto(h, r.body); }, cause: TRACE_LINK },
  htmxSend: { kind: str, user: str, uuid: str, cause: TRACE_LINK },
  htmxTrigger: { kind: str, user: str, response: (h, r) => { h.num(r.status); h.str(r.headers['hx-trigger'] ?? ''); }, cause: TRACE_LINK },
  calendarStart: { kind: str, user: str, month: str, isReload: (h, v) => h.num(v ? 1 : 0), cause: TRACE_LINK },
  htmxPost: { kind: str, user: str, write: str, uuid: str, form: json, cause: TRACE_LINK },
  htmxWriteTrigger: { kind: str, user: str, write: str, uuid: str, response: (h, r) => { h.num(r.status); h.str(r.headers['hx-trigger'] ?? ''); }, cause: TRACE_LINK },
};

const pageJobFields = compiledByKind<PageJob>(PAGE_JOBS);

function pageJob(h: Hasher, job: PageJob, c: FingerprintContext): void {
  pageJobFields(job)(h, job, c);
}

type SpecOf<K extends TaskSpec['kind']> = Extract<TaskSpec, { kind: K }>;
const TASK_SPECS: { [K in TaskSpec['kind']]: FieldTable<SpecOf<K>> } = {
  page: { kind: str, user: str, job: pageJob },
  listenerRefetch: { kind: str, user: str, cause: TRACE_LINK },
  // The request's own record is hashed with the requests in flight.
  arrive: { kind: str, requestId: str },
  op: { kind: str, requestId: str },
  lockRetry: { kind: str, requestId: str },
  response: { kind: str, requestId: str },
  settle: { kind: str },
  settleReload: { kind: str, user: str, cause: TRACE_LINK },
};

const taskSpecFields = compiledByKind<TaskSpec>(TASK_SPECS);

const TASK: FieldTable<Task> = {
  t: { skip: 'hashed beside the rest, relative to the next task (SCHED.tasks): the rest is kept per task' },
  order: { skip: 'the tie-break among simultaneous tasks: every order of a tie is explored, so which one is nominal does not change the futures' },
  actor: str,
  label: { skip: 'derived from the spec (what the task does), for people' },
  spec: (h, spec, c) => taskSpecFields(spec)(h, spec, c),
};

/**
 * Hashes of records kept in a direct-mapped table by a small number the caller has at hand (no
 * identity hash to look up): records that share the number, such as the records a request goes
 * through or the tasks branching runs schedule in the same place, share a slot, the latest
 * winning. A miss only recomputes.
 */
class DirectMapped<T> {
  private readonly fields: Fields;
  private readonly keys: Array<T | undefined> = new Array(SLOTS).fill(undefined);
  private readonly values: Array<[number, number]> = new Array(SLOTS).fill(EMPTY_PAIR);
  private readonly scratch = new Hasher();

  /** Hashes by `table`, whose rules read no context. */
  constructor(table: FieldTable<T>) {
    this.fields = compiled(table);
  }

  /** Forgets every kept hash. */
  clear(): void {
    this.keys.fill(undefined);
  }

  /** The hash of `v`, `n` choosing the slot. */
  hash(v: T, n: number): [number, number] {
    const slot = slotOf(n);
    if (this.keys[slot] === v && !cachesOff) return this.values[slot];
    const h = this.scratch.reset();
    this.fields(h, v, NO_CONTEXT);
    const hash = h.result();
    this.keys[slot] = v;
    this.values[slot] = hash;
    return hash;
  }
}

/** DirectMapped's table size (a power of two). */
const SLOTS = 4096;

function slotOf(n: number): number {
  return n & (SLOTS - 1);
}

const EMPTY_PAIR: [number, number] = [0, 0];
const NO_CONTEXT: FingerprintContext = { refMs: 0, epochMs: 0, horizonMs: 0 };
const taskKeys = new DirectMapped<Task>(TASK);

/** What a task does and on whose lifeline, by its scheduling order (tasks are never mutated); no rule above reads the context. */
function taskHash(t: Task): [number, number] {
  return taskKeys.hash(t, t.order);
}

// ---- requests -------------------------------------------------------------------------------

const PAGE_START_HASHED_APART = { skip: 'hashed beside the record, relative to the next task (pageStarts): the rest is kept per record' };

/**
 * When FullCalendar may start after each page load in flight (a page or script request's
 * then.startAtMs), as ms after R, 0 once reached. Its only reader, pageLoadAnswer, waits
 * max(0, startAtMs - now) (and hands the value on to the next script request); every later task
 * runs at now >= R, so the wait is max(0, (startAtMs - R) - (now - R)): a function of
 * startAtMs - R, and 0 whatever now is once startAtMs <= R. So states equal but for a shift in
 * time have the same futures, shifted, as the header's premise needs. (Hashed as an absolute time
 * it kept such states apart, and could have merged two whose starts differ relative to the rest.)
 */
const startSet = new SumMultiset();

function pageStarts(h: Hasher, requests: SimState['requests'], c: FingerprintContext): void {
  const set = startSet.clear();
  for (const id in requests) {
    const then = requests[id].then;
    if (then.kind !== 'page' && then.kind !== 'script') continue;
    scratch.reset().str(id);
    scratch.num(Math.max(0, then.startAtMs - c.refMs));
    set.add(scratch);
  }
  set.feed(h);
}

type ThenOf<K extends RequestThen['kind']> = Extract<RequestThen, { kind: K }>;
const THENS: { [K in RequestThen['kind']]: FieldTable<ThenOf<K>> } = {
  feed: { kind: str, fetchId: num, startStr: FETCH_CALL, endStr: FETCH_CALL, wallClockMs: FETCH_CALL, url, requestHeaders: json, cacheMode: str, committed: str },
  delete: { kind: str, uuid: str },
  write: { kind: str, write: str, uuid: str },
  page: { kind: str, month: str, isReload: (h, v) => h.num(v ? 1 : 0), startAtMs: PAGE_START_HASHED_APART },
  script: { kind: str, index: num, month: str, isReload: (h, v) => h.num(v ? 1 : 0), startAtMs: PAGE_START_HASHED_APART },
};

const thenFields = compiledByKind<RequestThen>(THENS);

/**
 * The slot of the request record being hashed (its sentSeq's, in requestKeys): where the REQUEST
 * rules below keep what they fed for the slot's last record.
 */
let requestSlot = 0;

/**
 * A request field's two words, kept per slot with the value they were fed for. A record is
 * replaced at every step of its view (so requestKeys misses at almost every state), but keeps the
 * fields the step left alone, the same objects: those are fed again from here, without a lookup
 * by identity or a hash. A miss (another value than the slot's last, or a slot shared with
 * another request) asks `lanes`, which sets pairA, pairB; the words depend on the value alone.
 */
function perRequestSlot<V extends object>(lanes: (v: V) => void): (h: Hasher, v: V) => void {
  const values: Array<V | undefined> = new Array(SLOTS).fill(undefined);
  const as = new Int32Array(SLOTS);
  const bs = new Int32Array(SLOTS);
  return (h, v) => {
    const slot = requestSlot;
    if ((values[slot] !== v && !(requestFieldsBySlot && values[slot] !== undefined)) || cachesOff) {
      lanes(v);
      values[slot] = v;
      as[slot] = pairA;
      bs[slot] = pairB;
    }
    h.word(as[slot]);
    h.word(bs[slot]);
  };
}

/** The reply values of each slot's last record, in order, and their hashes (replyWords). */
interface RepliesKept {
  values: unknown[];
  a: number[];
  b: number[];
}
const repliesKept: Array<RepliesKept | undefined> = new Array(SLOTS).fill(undefined);

/**
 * A request's replies only grow while its view runs (a dispatch starts them anew): the replies
 * the slot's last record held, the same values at the same places, keep their words, and only the
 * new ones are hashed. A reply value is compared, not its place: the hash is the values' alone.
 * A flat reply is no longer kept in jsonHashes as well (it was, when every later step of its
 * request hashed it again): the slot hashes it once per step, and keeping it pinned it (less CPU
 * without, measured).
 */
function replyWords(h: Hasher, replies: readonly ViewReply[]): void {
  h.word(replies.length);
  const slot = requestSlot;
  const kept = (repliesKept[slot] ??= { values: [], a: [], b: [] });
  const { values, a, b } = kept;
  for (let i = 0; i < replies.length; i++) {
    const v = replies[i].value;
    if ((i >= values.length || (values[i] !== v && !repliesByPlace)) || cachesOff) {
      jsonPair(v);
      values[i] = v;
      a[i] = pairA;
      b[i] = pairB;
    }
    h.word(a[i]);
    h.word(b[i]);
  }
}

const requestWords = perRequestSlot(
  identityLanes((h, q: HttpRequest) => {
    h.str(q.method);
    h.str(withoutBuster(q.url));
    jsonInto(h, q.headers);
    h.str(q.userId);
    // A create or edit form's fields (absent on GET and DELETE, which adds nothing to the hash).
    if (q.form !== undefined) jsonInto(h, q.form);
  }),
);
// No rule of THENS reads the context.
const thenWords = perRequestSlot(identityLanes((h, t: RequestThen) => thenFields(t)(h, t, NO_CONTEXT)));
const snapshotWords = perRequestSlot((s: { reply: JsonValue }) => jsonPair(s.reply));
// Behind the slot, the last answer only: an answer is rarely met again once its request has moved on (96% misses on cache-pressure).
const responseWords = perRequestSlot(identityLanes(response, 0));

// A request record is replaced at every step of its view, sharing the parts that did not change:
// those are fed again from its slot (perRequestSlot, replyWords).
const REQUEST: FieldTable<RequestState> = {
  requestId: str,
  user: str,
  request: requestWords,
  then: thenWords,
  sentSeq: TRACE_LINK,
  worker: (h, w) => h.num(w ?? -1),
  committedAtDispatch: str,
  startedAtMs: { skip: "a past clock reading of the view (see the header: Date headers are hashed in the answer)" },
  replies: replyWords,
  op: { skip: 'derived: the operation the view yields after the replies it received' },
  readSnapshot: (h, s) => (s === null ? h.word(0) : snapshotWords(h, s)),
  lastSeq: TRACE_LINK,
  response: (h, r) => (r === null ? h.word(0) : responseWords(h, r)),
};

/** A request record is replaced, never mutated, and no rule above reads the context: hashed once per record. */
// Kept, like tasks', in a direct-mapped table, by the seq of the request's http.send.
const requestKeys = new DirectMapped<RequestState>(REQUEST);

function requestHash(r: RequestState): [number, number] {
  requestSlot = slotOf(r.sentSeq);
  return requestKeys.hash(r, r.sentSeq);
}

// ---- layers ---------------------------------------------------------------------------------

function relativeTime(h: Hasher, absMs: number, c: FingerprintContext): void {
  if (absMs > c.horizonMs) h.str('far');
  else h.num(absMs - c.refMs);
}


/**
 * A cache's time-free facts, gathered once per entries collection (the reducers keep `entries`
 * when an event leaves them alone, while the context itself is new after every event, its `reply`
 * changed); its hash at a reference time is fed from them (djangoTimed, browserTimed). An empty
 * cache hashes the same at every time: its entry count, 0.
 */
interface TimedEntries<F> {
  facts: F[];
}

/** A Django cache entry's key and value (hashed once per entry: entries are replaced, never mutated), and when it expires. */
interface DjangoEntryFacts {
  hash: [number, number];
  expiresAtMs: number | null;
}

type DjangoKnown = TimedEntries<DjangoEntryFacts> & { entries: DjangoCacheEntry[]; backend: DjangoCacheContext['backend'] };
const djangoEntries = new BoundedCache<DjangoCacheEntry[], DjangoKnown>();
/** A Django cache entry's key and value, hashed once per entry (entries are replaced, never mutated). */
const entryHashes = new BoundedCache<DjangoCacheEntry, [number, number]>();

function djangoEntryHash(e: DjangoCacheEntry): [number, number] {
  let hash = entryHashes.get(e);
  if (hash === undefined) {
    const h = new Hasher();
    h.str(e.key);
    jsonInto(h, e.value);
    hash = h.result();
    entryHashes.set(e, hash);
  }
  return hash;
}

/** The time-free facts of a Django cache's entries. */
function djangoKnown(ctx: DjangoCacheContext, known: DjangoKnown | null | undefined): DjangoKnown {
  if (cachesOff || known === null || known === undefined || known.entries !== ctx.entries || known.backend !== ctx.backend) {
    known = djangoEntries.get(ctx.entries);
    if (known === undefined || known.backend !== ctx.backend) {
      known = { entries: ctx.entries, backend: ctx.backend, facts: ctx.entries.map((e) => ({ hash: djangoEntryHash(e), expiresAtMs: e.expiresAtMs })) };
      djangoEntries.set(ctx.entries, known);
    }
  }
  return known;
}

/**
 * The reference times, around the one hashed at, at which a timed layer's hash (same context, same
 * horizon) is the same: from validFromMs (inclusive) to validUntilMs (exclusive). djangoTimed and
 * browserTimed narrow it entry by entry; an entry measured from R (a number of ms) empties it (the
 * hash holds only at R itself). Most reference times a layer meets differ from its last one (the
 * clock moves at most tasks) while its entries' words do not: none, or every one 'x', 'stale' or
 * 'far'.
 */
let validFromMs = -Infinity;
let validUntilMs = Infinity;

/** The hash holds only at this reference time. */
function validAtRefOnly(): void {
  validFromMs = Infinity;
  validUntilMs = -Infinity;
}

/** The hash's words hold from `fromMs` to before `untilMs` (as far as this entry goes). */
function validWithin(fromMs: number, untilMs: number): void {
  if (timedForever) return;
  if (fromMs > validFromMs) validFromMs = fromMs;
  if (untilMs < validUntilMs) validUntilMs = untilMs;
}

function djangoTimed(e: Hasher, known: DjangoKnown, c: FingerprintContext): void {
  e.word(known.facts.length);
  for (const f of known.facts) {
    e.pair(f.hash);
    if (f.expiresAtMs === null) e.str('never');
    // Expired stays expired as R grows (both backends compare R with a fixed expiry).
    else if (isExpired(known.backend, f.expiresAtMs, c.refMs)) {
      e.str('x');
      validWithin(c.refMs, Infinity);
    } else if (f.expiresAtMs > c.horizonMs) {
      e.str('far');
      // Not expired at any earlier R, nor at any R before the expiry (neither backend expires it before).
      validWithin(-Infinity, f.expiresAtMs);
    } else {
      e.num(f.expiresAtMs - c.refMs);
      if (!timedForever) validAtRefOnly();
    }
  }
}

const BUSTER = /([?&]_=)(\d+)/;

/**
 * The wall-clock time a stored answer stops being fresh. Its age grows one ms per ms and its
 * lifetime is fixed by its headers (freshnessAt: every term is whole ms), so "fresh for" at any
 * instant is this time minus the instant: computed once per stored entry (BrowserEntryFacts), not
 * rebuilt from http-cache-semantics at every state.
 */
function policyFreshUntil(policy: CachePolicyObject, wallNowMs: number): number {
  const { lifetimeMs, ageMs } = freshnessAt(policy, wallNowMs);
  return wallNowMs + lifetimeMs - ageMs;
}

/** What a stored browser answer contributes whatever the time: its URL (buster left out) and the answer. */
interface BrowserEntryFacts {
  url: string;
  hash: [number, number];
  /** The cache-buster's wall-clock value, or null for a URL without one. */
  busterWallMs: number | null;
  entry: BrowserHttpCacheEntry;
  /** policyFreshUntil of its policy, once asked (null: the seed's reuse, no policy). */
  freshUntilWallMs: number | null | undefined;
}

// Last entry only: a stored answer is met again through its entries collection (browserEntriesKnown), hardly ever alone.
const browserEntryFacts = new BoundedCache<BrowserHttpCacheEntry, BrowserEntryFacts>(0);

function browserEntry(url: string, entry: BrowserHttpCacheEntry): BrowserEntryFacts {
  const known = browserEntryFacts.get(entry);
  if (known && known.url === url) return known;
  const e = new Hasher();
  const m = BUSTER.exec(url);
  e.str(m ? url.replace(BUSTER, '$1~') : url);
  const headers = entry.response.headers;
  e.num(entry.response.status);
  e.str(headers['cache-control'] ?? '');
  e.str(headers['etag'] ?? '');
  e.str(headers['last-modified'] ?? '');
  jsonInto(e, entry.response.body);
  const facts: BrowserEntryFacts = { url, hash: e.result(), busterWallMs: m ? Number(m[2]) : null, entry, freshUntilWallMs: undefined };
  browserEntryFacts.set(entry, facts);
  return facts;
}

type BrowserKnown = TimedEntries<BrowserEntryFacts> & { entries: BrowserHttpCacheContext['entries']; epochMs: number; seedReuseMs: number };
const browserEntriesKnown = new BoundedCache<BrowserHttpCacheContext['entries'], BrowserKnown>();

/** The time-free facts of a browser cache's entries. */
function browserKnown(ctx: BrowserHttpCacheContext, known: BrowserKnown | null | undefined): BrowserKnown {
  if (cachesOff || known === null || known === undefined || known.entries !== ctx.entries || known.epochMs !== ctx.epochMs || known.seedReuseMs !== ctx.seedReuseMs) {
    known = browserEntriesKnown.get(ctx.entries);
    if (known === undefined || known.epochMs !== ctx.epochMs || known.seedReuseMs !== ctx.seedReuseMs) {
      // Sized exactly: pushed onto [], a one-entry list had room for 16 more, and these are kept (the cache above).
      let n = 0;
      for (const _ in ctx.entries) n++;
      const facts = new Array<BrowserEntryFacts>(n);
      let i = 0;
      for (const url in ctx.entries) facts[i++] = browserEntry(url, ctx.entries[url]);
      known = { entries: ctx.entries, epochMs: ctx.epochMs, seedReuseMs: ctx.seedReuseMs, facts };
      browserEntriesKnown.set(ctx.entries, known);
    }
  }
  return known;
}

const memberHasher = new Hasher();

function browserTimed(h: Hasher, known: BrowserKnown, c: FingerprintContext): void {
  const wallRef = known.epochMs + c.refMs;
  // Most browsers hold one answer: then the multiset is its count and that member, with no list to sort.
  let members: Array<[number, number]> | null = null;
  let count = 0;
  let a = 0;
  let b = 0;
  for (const facts of known.facts) {
    const entry = facts.entry;
    // An entry under a cache-buster URL older than R: no later fetch asks for it.
    if (facts.busterWallMs !== null && facts.busterWallMs < wallRef) {
      // Older than every later R too.
      validWithin(c.refMs, Infinity);
      continue;
    }
    const e = memberHasher.reset();
    e.pair(facts.hash);
    if (facts.busterWallMs !== null) {
      e.num(facts.busterWallMs - wallRef);
      if (!timedForever) validAtRefOnly();
    }
    // As viewBrowserHttpCache computes it (test/sim/exploreSnapshot.test.ts compares with the plain text).
    if (facts.freshUntilWallMs === undefined) facts.freshUntilWallMs = entry.policy !== null ? policyFreshUntil(entry.policy, wallRef) : null;
    const freshForMs = facts.freshUntilWallMs !== null ? Math.max(0, facts.freshUntilWallMs - wallRef) : Math.max(0, entry.storedAtMs + known.seedReuseMs - c.refMs);
    if (freshForMs <= 0) {
      e.str('stale');
      // Freshness left only shrinks as R grows.
      validWithin(c.refMs, Infinity);
    } else {
      const freshUntilMs = c.refMs + freshForMs;
      if (freshUntilMs > c.horizonMs) {
        e.str('far');
        // Fresh, and still ending at freshUntilMs, at any R before it.
        validWithin(-Infinity, freshUntilMs);
      } else {
        e.num(freshUntilMs - c.refMs);
        if (!timedForever) validAtRefOnly();
      }
    }
    if (count === 0) {
      a = e.finalA();
      b = e.finalB();
    } else {
      members ??= [[a, b]];
      members.push(e.result());
    }
    count++;
  }
  if (members !== null) multiset(h, members);
  else {
    h.word(count);
    if (count === 1) {
      h.word(a);
      h.word(b);
    }
  }
}

/** Each layer id's hash (a handful of ids, met at every state; bounded as keyHashes are). */
const idHashes = new BoundedMemo<string, [number, number]>(4096);

function idHash(id: string): [number, number] {
  return idHashes.get(id, stringHash);
}

/** Each layer's last hash, by layer id: most tasks change one layer or none, and the clock moves less often than the tasks run. */
interface LayerSlot {
  id: string;
  idHash: [number, number];
  kind: LayerKind;
  ctx: unknown;
  refMs: number;
  horizonMs: number;
  /** The reference times at which a timed layer's hash holds as well (validFromMs, validUntilMs). */
  validFromMs: number;
  validUntilMs: number;
  /** The layer's hash, lane by lane (numbers updated in place: no pair allocated per change). */
  a: number;
  b: number;
  /** A cache's time-free facts (kept while its entries are). */
  known: DjangoKnown | BrowserKnown | null;
  /** The database's and the stores' object members in the last context, by position, and their hashes (contextMembers). */
  members: unknown[];
  memberA: number[];
  memberB: number[];
}

/**
 * A context without times (the database, a FullCalendar store), fed exactly as feedJson feeds it.
 * A reducer makes a new context at every event but keeps the members the event left alone (the
 * item list, the range, the options): an object member that is the same object as the one at its
 * place in the slot's last context has the hash kept there (values are never mutated, so the same
 * object has the same hash), and only the members the event replaced are hashed again. A miss only
 * recomputes: a member's hash depends on the member alone, never on its key or place.
 */
function contextMembers(e: Hasher, slot: LayerSlot, ctx: Record<string, unknown>): void {
  const members = slot.members;
  const as = slot.memberA;
  const bs = slot.memberB;
  e.word(OBJECT_TAG);
  let i = 0;
  for (const k in ctx) {
    const x = ctx[k];
    if (k === 'reply' || x === undefined) continue;
    const kh = keyHash(k);
    e.word(kh[0]);
    e.word(kh[1]);
    if (typeof x === 'object' && x !== null) {
      e.word(NESTED_TAG);
      if ((members[i] !== x && !(membersByPlace && members[i] !== undefined)) || cachesOff) {
        if (jsonHashes.get(x)) {
          laneA = pairA;
          laneB = pairB;
        } else jsonLanes(x, 1);
        members[i] = x;
        as[i] = laneA;
        bs[i] = laneB;
      }
      e.word(as[i]);
      e.word(bs[i]);
    } else {
      feedJson(e, x, 0);
      members[i] = undefined;
    }
    i++;
  }
}

const layerSlots = new Map<string, LayerSlot>();

function forgetLayers(): void {
  layerSlots.clear();
  slotsInOrder.length = 0;
}
const layerHasher = new Hasher();

/** The slots in the order the last state listed its layers (every state of a run lists them in the same order). */
const slotsInOrder: LayerSlot[] = [];

function layers(h: Hasher, contexts: Record<string, unknown>, c: FingerprintContext): void {
  let i = 0;
  for (const id in contexts) {
    let slot: LayerSlot | undefined = slotsInOrder[i];
    if (slot === undefined || slot.id !== id) {
      slot = layerSlots.get(id);
      if (slot === undefined) {
        if (layerSlots.size > 4096) layerSlots.clear();
        slot = { id, idHash: idHash(id), kind: layerKind(id), ctx: undefined, refMs: 0, horizonMs: 0, validFromMs: Infinity, validUntilMs: -Infinity, a: 0, b: 0, known: null, members: [], memberA: [], memberB: [] };
        layerSlots.set(id, slot);
      }
      slotsInOrder[i] = slot;
    }
    i++;
    h.pair(slot.idHash);
    const ctx = contexts[id];
    const kind = slot.kind;
    // The database and the FullCalendar stores hold no times: kept whole (their last reply left out).
    const timed = kind === 'cache' || kind === 'browser';
    const refMs = c.refMs;
    if (cachesOff || slot.ctx !== ctx || (timed && (slot.horizonMs !== c.horizonMs || (slot.refMs !== refMs && !(refMs >= slot.validFromMs && refMs < slot.validUntilMs))) && !timedByIdentity)) {
      const e = layerHasher.reset();
      validFromMs = -Infinity;
      validUntilMs = Infinity;
      if (kind === 'cache') {
        const known = djangoKnown(ctx as DjangoCacheContext, slot.known as DjangoKnown | null);
        slot.known = known;
        if (known.facts.length === 0) e.word(0);
        else djangoTimed(e, known, c);
      } else if (kind === 'browser') {
        const known = browserKnown(ctx as BrowserHttpCacheContext, slot.known as BrowserKnown | null);
        slot.known = known;
        if (known.facts.length === 0) e.word(0);
        else browserTimed(e, known, c);
      } else if (typeof ctx === 'object' && ctx !== null && !Array.isArray(ctx)) contextMembers(e, slot, ctx as Record<string, unknown>);
      else feedJson(e, ctx, 0);
      slot.a = e.finalA();
      slot.b = e.finalB();
      slot.ctx = ctx;
      slot.refMs = refMs;
      slot.horizonMs = c.horizonMs;
      slot.validFromMs = validFromMs;
      slot.validUntilMs = validUntilMs;
    }
    h.word(slot.a);
    h.word(slot.b);
  }
}

// ---- the world ------------------------------------------------------------------------------

const taskSet = new SumMultiset();
const SCHED: FieldTable<SimState['sched']> = {
  nowMs: { skip: 'times are relative to the next task (refMs)' },
  nextOrder: { skip: 'see TASK.order' },
  executed: { skip: 'tasks run so far: history (a guard against runaway runs)' },
  tasks: (h, tasks, c) => {
    const set = taskSet.clear();
    for (const t of tasks) {
      scratch.reset().num(t.t - c.refMs);
      scratch.pair(taskHash(t));
      set.add(scratch);
    }
    set.feed(h);
  },
};

// Each record holds its id: an unordered collection of records (the last value only).
const requestSet = new SumMultiset();
const requestMaps = new PairCache<SimState['requests']>(0);
const requestRecords = byIdentity(
  (h: Hasher, requests: SimState['requests']) => {
    const set = requestSet.clear();
    for (const id in requests) {
      scratch.reset().pair(requestHash(requests[id]));
      set.add(scratch);
    }
    set.feed(h);
  },
  0,
  requestMaps,
);

/** No record's or map's hash made with a request flaw outlives it (withFingerprintFlaws). */
function forgetRequests(): void {
  requestKeys.clear();
  requestMaps.clear();
}

// Fields other than the scheduler's and the layers' are replaced, never mutated, when they
// change, and most states share most of them with the state before: hashed once per value.
const STATE: FieldTable<SimState> = {
  sched: (h, s, c) => schedFields(h, s, c),
  layers,
  // These three change at most steps and are cheap to hash, or are rarely met again once changed
  // (a map kept 5 to 20% more hits for a set on every miss): the last value only.
  idleWorkers: byIdentity((h, w) => {
    // Sorted into one scratch list (a few workers: insertion), not a sorted copy with a comparator closure.
    // The first n of the list are in use (its length is kept: emptying it would drop its room).
    const sorted = SORTED_IDLE;
    const n = w.length;
    for (let k = 0; k < n; k++) {
      const x = w[k];
      let i = k;
      for (; i > 0 && sorted[i - 1] > x; i--) sorted[i] = sorted[i - 1];
      sorted[i] = x;
    }
    h.word(n);
    for (let k = 0; k < n; k++) h.num(sorted[k]);
  }, 0),
  waiting: byIdentity(strings, 0),
  lastWorker: num,
  nextRequest: num,
  requests: (h, requests, c) => {
    requestRecords(h, requests);
    pageStarts(h, requests, c);
  },
  shownMonth: byIdentity((h, pairs) => {
    h.word(pairs.length);
    for (const [u, m] of pairs) {
      h.str(u);
      h.str(m);
    }
  }),
  filters: byIdentity((h, filters) => {
    h.word(filters.length);
    for (const [u, f] of filters) {
      h.str(u);
      h.str(f.workType ?? '~');
      h.str(f.status ?? '~');
    }
  }),
  committedItems: byIdentity(strings),
  acks: byIdentity((h, acks) => strings(h, [...acks].sort())),
  pageBusy: byIdentity((h, busy) => {
    h.word(busy.length);
    for (const [u, jobs] of busy) {
      h.str(u);
      h.word(jobs.length);
      for (const j of jobs) pageJob(h, j, NO_CONTEXT);
    }
  }),
  lockWaiters: byIdentity((h, waiters) => {
    h.word(waiters.length);
    for (const [tx, ids] of waiters) {
      h.str(tx);
      strings(h, ids);
    }
  }),
  proxied: num,
  workerQueues: byIdentity((h, queues) => {
    h.word(queues.length);
    for (const [w, ids] of queues) {
      h.num(w);
      strings(h, ids);
    }
  }),
  phase: str,
  settleUsers: byIdentity(strings),
  settleSeq: TRACE_LINK,
  eventCount: { skip: 'how many trace events came before: history' },
};

const schedFields = compiled(SCHED);
const stateFields = compiled(STATE);
const root = new Hasher();
const rootContext: FingerprintContext = { refMs: 0, epochMs: 0, horizonMs: 0 };

/** The state's 64-bit fingerprint, with times relative to its next task. */
export function fingerprint(state: SimState, epochMs: number, horizonMs: number): [number, number] {
  let refMs = Infinity;
  for (const t of state.sched.tasks) if (t.t < refMs) refMs = t.t;
  if (refMs === Infinity) refMs = state.sched.nowMs;
  // One hasher and one context for every state: fingerprint is not reentered, and no rule keeps the context.
  const h = root.reset();
  rootContext.refMs = refMs;
  rootContext.epochMs = epochMs;
  rootContext.horizonMs = horizonMs;
  stateFields(h, state, rootContext);
  return h.result();
}

/** The same fingerprint with every kept hash recomputed: what the caches must agree with (test/sim/fingerprintCaches.test.ts). */
export function fingerprintWithoutCaches(state: SimState, epochMs: number, horizonMs: number): [number, number] {
  cachesOff = true;
  try {
    return fingerprint(state, epochMs, horizonMs);
  } finally {
    cachesOff = false;
  }
}
