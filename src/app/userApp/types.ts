// The API for writing the app under test yourself (docs/your-own-fix.md): views are generators, as
// the seed's views are here, that `yield*` one Django operation at a time, so the simulator can
// interleave them with other requests at every operation, where a real worker could be preempted.
// A user's file imports these types only (`import type`), so it needs nothing at run time.
import type { Config, EventIdFormat } from '../../config';
import type { JsonValue } from '../../json';
import type { WorkItem, WorkItemFields } from '../../layers/database';
import type { FeedEvent } from '../calendarEvents';
import type { FeedKeyParts } from '../calendarFeedKey';
import type { HttpResponse } from '../http';
import type { ViewProgram } from '../ops';

export type { FeedEvent, HttpResponse, JsonValue, ViewProgram, WorkItem, WorkItemFields };

/** What a view gets of the request. */
export interface UserRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** request.GET: the query parameters (last value wins, as QueryDict.get). */
  GET: Record<string, string>;
  /** request.POST: the create or edit form's fields (empty on GET and DELETE). */
  POST: Record<string, string>;
  headers: Record<string, string>;
  /** request.user.id */
  userId: string;
}

/** `small`: the value is a counter, not an event list (the seed's 1 ms "version" latency). */
export interface CacheCallOptions {
  small?: boolean;
}

/** django.core.cache.cache, one call per `yield*`. */
export interface CacheApi {
  /** cache.get(key, default): the value, or `fallback` (default null) on a miss or expiry. */
  get(key: string, fallback?: JsonValue, options?: CacheCallOptions): ViewProgram<JsonValue | null>;
  /** cache.set(key, value, timeout): timeoutS null is "never expires", undefined the backend's default (300 s). */
  set(key: string, value: JsonValue, timeoutS?: number | null, options?: CacheCallOptions): ViewProgram<void>;
  /** cache.add: sets only when the key is absent; says whether it did. */
  add(key: string, value: JsonValue, timeoutS?: number | null): ViewProgram<boolean>;
  /** cache.delete: says whether the key existed. */
  delete(key: string): ViewProgram<boolean>;
  /** A Python loop of cache.delete calls, as one step (the seed's invalidation loops). */
  deleteMany(keys: string[], label?: string): ViewProgram<void>;
  /** cache.incr: the new value; throws an Error named "ValueError" when the key is missing. */
  incr(key: string, delta?: number): ViewProgram<number>;
}

export interface WorkItemQuery {
  /** Whose items (visibleTo contains it). */
  userId: string;
  /** The visible range, YYYY-MM-DD, end exclusive. */
  start: string;
  end: string;
  workType?: string | null;
  status?: string | null;
}

/** The ORM, one statement per `yield*`, inside the open transaction if there is one. */
export interface DbApi {
  /** WorkItem.objects.filter(...): the items the user can see overlapping [start, end). */
  workItems(query: WorkItemQuery): ViewProgram<WorkItem[]>;
  /** WorkItem.objects.filter(pk=uuid).first() */
  getWorkItem(uuid: string): ViewProgram<WorkItem | null>;
  /** item.delete() (one DELETE; in autocommit filter(pk=uuid).delete() adds a COMMIT of its own): rows deleted. */
  deleteWorkItem(uuid: string): ViewProgram<number>;
  /** WorkItem.objects.create(...): throws an Error named "IntegrityError" when the uuid exists. */
  createWorkItem(item: WorkItem): ViewProgram<void>;
  /** item.save(update_fields=['title', 'start_date', 'end_date']): rows updated (0: the row is gone; Django's save() would raise DatabaseError). */
  updateWorkItem(uuid: string, fields: WorkItemFields): ViewProgram<number>;
  /** A counter row's value (0 when absent). */
  getVersion(key: string): ViewProgram<number>;
  /** UPDATE counter SET value = value + 1 (atomic in the database): the new value. */
  incrementVersion(key: string): ViewProgram<number>;
}

export interface TransactionApi {
  /** with transaction.atomic(): commits when `body` returns, rolls back if it throws. Nested blocks join the outer one. */
  atomic<R>(body: () => ViewProgram<R>): ViewProgram<R>;
  /** transaction.on_commit(fn): after the outermost commit, or at once in autocommit; fn may be one call, `() => django.cache.delete(k)`. */
  on_commit(fn: () => ViewProgram<unknown>): ViewProgram<void>;
}

/** Everything a view can use besides its request. Bound to one request. */
export interface Django {
  cache: CacheApi;
  db: DbApi;
  transaction: TransactionApi;
  /** date.today() on the server, YYYY-MM-DD. */
  today: string;
  /** The app's configuration (the preset, the file's config, --set): read the knobs your fix honours, or none. */
  config: Config;
  /** CPU time of the view: serializing events (the seed's 20 ms) or building a response (10 ms). */
  work(step: string, kind: 'serialize' | 'response'): ViewProgram<void>;
  /** The seed's feed key: calendar_feed[:v{version}]:{user}:{work_type}:{status}:{start}:{end}. */
  feedKey(parts: FeedKeyParts): string;
  /** A work item as a FullCalendar event; the id format decides whether the page's listener finds it. */
  feedEvent(row: WorkItem, idFormat: EventIdFormat): FeedEvent;
  /** JsonResponse(body), with never_cache's headers or an explicit max-age if asked. */
  JsonResponse(body: JsonValue, options?: { neverCache?: boolean; maxAgeS?: number }): HttpResponse;
  /** An empty response with this status (and headers). */
  HttpResponse(status: number, headers?: Record<string, string>): HttpResponse;
  /** 200 with `HX-Trigger: {"<event>": detail}`: what the page's htmx listeners react to. */
  hxTrigger(event: string, detail: JsonValue): HttpResponse;
  /** The create form's new item (form.is_valid() and cleaned_data), or null when the form is invalid. */
  createForm(request: UserRequest): WorkItem | null;
  /** The edit form's title and dates over the item's current ones, or null when the form is invalid. */
  editForm(request: UserRequest, current: WorkItem): WorkItemFields | null;
  /** The detail the page's workItemCreated / workItemUpdated listeners expect: `{ id, title, start, end }` (all-day, end exclusive). */
  eventDetail(item: WorkItemFields & { uuid: string }): JsonValue;
}

export interface UserApp {
  /** Shown in traces and reports; default: the file's name. */
  name?: string;
  /**
   * Knobs for the parts of the system the app does not replace (the page's listener, FullCalendar,
   * the deployment), applied after the preset and before --set.
   */
  config?: Partial<Config>;
  /** GET the feed. Absent: the built-in view under the configuration. */
  work_items_calendar_feed?(request: UserRequest, django: Django): ViewProgram<HttpResponse>;
  /** DELETE a work item; answer with hxTrigger('workItemDeleted', { id, title }). Absent: the built-in view. */
  work_item_delete?(request: UserRequest, uuid: string, django: Django): ViewProgram<HttpResponse>;
  /** POST the create form; answer with hxTrigger('workItemCreated', django.eventDetail(item)). Absent: the built-in view. */
  work_item_create?(request: UserRequest, django: Django): ViewProgram<HttpResponse>;
  /** POST the edit form of a work item; answer with hxTrigger('workItemUpdated', django.eventDetail(...)). Absent: the built-in view. */
  work_item_update?(request: UserRequest, uuid: string, django: Django): ViewProgram<HttpResponse>;
}

/** The views an app may define, for messages. */
export const USER_VIEW_NAMES = ['work_items_calendar_feed', 'work_item_delete', 'work_item_create', 'work_item_update'] as const;
