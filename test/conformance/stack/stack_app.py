"""One Django worker process of the scenario-level rig: the seed's calendar page, feed and delete
views, and create and edit views written like the delete (src/app/workItemCreate.ts,
workItemUpdate.ts, writeInvalidation.ts), in Python the way src/app restates them, with the
model's code knobs read from a JSON file. Run: python3 stack_app.py <config.json> <worker> <port> (0: any free one).

One request at a time (wsgiref's server is single-threaded), as a gunicorn sync worker; each
worker is its own process, so LocMemCache is per worker (FACTS section 3); with
deploy.cacheBackend=redis every worker uses one Redis server through django-redis. The logged-in
user is the `uid` cookie. Every view that answers appends one JSON line to the log file: which request (the
proxy's X-Request-N), which worker, what kind, and for the feed whether Django's cache hit. In the
rig's gated mode ("gatePort") each cache call, SQL statement and COMMIT waits for its turn
(schedule_gate.py).

With "userViews" (npm run stack -- --app F.ts --views F.py) the views F.py defines replace the
built-in ones: the user's own fix in Python, beside its TypeScript twin in the model. F.py writes
plain Django (django.core.cache's cache, transaction, HttpResponse) and takes the rig's models and
helpers from the module `cachelab_stack` (load_user_views below).
"""
import datetime
import difflib
import functools
import importlib.util
import json
import os
import sys
import traceback
import types
from contextlib import nullcontext
from wsgiref.simple_server import WSGIRequestHandler, make_server

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from django_setup import postgres_database, setup_django, sqlite_database  # noqa: E402

CONFIG = json.load(open(sys.argv[1]))
WORKER = int(sys.argv[2])
PORT = int(sys.argv[3])
KNOBS = CONFIG["config"]
TODAY = datetime.date.fromisoformat(CONFIG["today"])

if CONFIG["database"]["engine"] == "postgresql":
    DATABASE = postgres_database(CONFIG["database"]["postgres"], ATOMIC_REQUESTS=KNOBS["deploy.atomicRequests"])
else:
    DATABASE = sqlite_database(CONFIG["database"]["path"], 20, ATOMIC_REQUESTS=KNOBS["deploy.atomicRequests"])

if KNOBS["deploy.cacheBackend"] == "redis":
    # One Redis server shared by every worker. Django 3.2 has no Redis backend of its own; Debian's
    # python3-django-redis (5.2) is the one a Django 3.2 app uses.
    CACHE = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:%d/0" % CONFIG["redisPort"]}
else:
    CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": KNOBS["cache.maxEntries"], "CULL_FREQUENCY": KNOBS["cache.cullFrequency"]},
    }

setup_django(
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[__name__ + ".schedule_middleware"] if CONFIG.get("gatePort") else [],
    DATABASES={"default": DATABASE},
    CACHES={"default": CACHE},
)

from django.core.cache import cache as django_cache, caches  # noqa: E402
from django.core.signals import got_request_exception  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation  # noqa: E402
from django.http import Http404, HttpResponse, JsonResponse  # noqa: E402
from django.shortcuts import get_object_or_404  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.cache import never_cache  # noqa: E402


from schedule_gate import CURRENT, make_gate, op  # noqa: E402

# ---- gated mode: each operation on shared state waits for its turn in the model's order -----------

GATE = make_gate(CONFIG.get("gatePort"), WORKER)


# Views call django.core.cache's cache itself: gate_cache_backend() (below) makes each of its
# calls one operation of the schedule, for the built-in views and the user's alike.
cache = django_cache


def gated_sql(execute, sql, params, many, context):
    # A nested transaction.atomic() (a view's own inside ATOMIC_REQUESTS' request transaction) sets
    # and releases a savepoint: statements no other transaction sees, where the model's nested block
    # joins the outer one with none. On SQLite, atomic() sends a BEGIN of its own (deferred: it takes
    # no lock), where the model's transaction begins with its first statement, as on PostgreSQL.
    # None is an operation of the model's: each runs ungated, as part of the request's next one.
    if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")):
        return execute(sql, params, many, context)
    with op(GATE, "db", sql.split(None, 1)[0].upper()):
        return execute(sql, params, many, context)


_commit = BaseDatabaseWrapper.commit


_rollback = BaseDatabaseWrapper.rollback
# The views that run SQL; the page and script views run none, so have no COMMIT.
SQL_VIEWS = ("feed", "delete", "create", "edit")


def gated_commit(self):
    # The model's views end their request's transaction with a COMMIT (or, after a DatabaseError,
    # a ROLLBACK): each one operation.
    if CURRENT["kind"] in SQL_VIEWS:
        with op(GATE, "db", "COMMIT"):
            return _commit(self)
    return _commit(self)


def gated_rollback(self):
    if CURRENT["kind"] in SQL_VIEWS:
        with op(GATE, "db", "ROLLBACK"):
            return _rollback(self)
    return _rollback(self)


BaseDatabaseWrapper.commit = gated_commit
BaseDatabaseWrapper.rollback = gated_rollback


def request_kind(path):
    for kind in ("feed", "delete", "create"):
        if path.endswith("/%s/" % kind):
            return kind
    return "edit" if path.endswith("/update/") else "other"


def schedule_middleware(get_response):
    def middleware(request):
        CURRENT["n"] = int(request.headers.get("X-Request-N", "0"))
        CURRENT["kind"] = request_kind(request.path)
        gated = CURRENT["gated"] = not request.path.startswith("/__")
        try:
            with connection.execute_wrapper(gated_sql):
                return get_response(request)
        finally:
            CURRENT["gated"] = False
            # The driver skips the model's operations of this request that the view never made.
            if gated:
                GATE.end()

    return middleware


def error_path_ungated(sender, **kwargs):
    # After a view raised (the edit's DatabaseError), Django's default logging renders the
    # traceback with each frame's locals even with no ADMINS (AdminEmailHandler, DEBUG=False), and
    # a QuerySet's repr runs a SELECT. It only reads, after the view's last statement (and after
    # ATOMIC_REQUESTS' rollback), and the model has no such step: it runs outside the schedule.
    CURRENT["gated"] = False


got_request_exception.connect(error_path_ungated)


class WorkItem(models.Model):
    uuid = models.CharField(max_length=64, primary_key=True)
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    work_type = models.CharField(max_length=40)
    status = models.CharField(max_length=40)
    # ",1,2,": the users who see the item (owner and team).
    visible_to = models.CharField(max_length=200)

    class Meta:
        app_label = "cachelab"
        ordering = ["start_date", "seq"]

    seq = models.IntegerField(default=0)


class FeedVersion(models.Model):
    key = models.CharField(max_length=200, primary_key=True)
    value = models.IntegerField()

    class Meta:
        app_label = "cachelab"


def log(request, kind, **fields):
    entry = {"n": int(request.headers.get("X-Request-N", "0")), "worker": WORKER, "kind": kind, "path": request.path}
    entry.update(fields)
    with open(CONFIG["logFile"], "a") as f:
        f.write(json.dumps(entry) + "\n")


def user_id(request):
    return request.COOKIES.get("uid", "")


# ---- fix 2's version counter -------------------------------------------------------------------

def version_key(uid):
    return "calendar_feed_version:%s" % uid if KNOBS["version.scope"] == "per-user" else "calendar_feed_version"


def get_version(key):
    """A counter row's value, 0 when absent (one SELECT): the model's django.db.getVersion."""
    return FeedVersion.objects.filter(key=key).values_list("value", flat=True).first() or 0


def increment_version(key):
    """UPDATE ... value = value + 1, the row made at 1 when absent (one statement): the model's django.db.incrementVersion."""
    with connection.cursor() as cursor:
        table = FeedVersion._meta.db_table
        cursor.execute("INSERT INTO {t} (key, value) VALUES (%s, 1) ON CONFLICT (key) DO UPDATE SET value = {t}.value + 1".format(t=table), [key])


def read_version(uid):
    key = version_key(uid)
    if KNOBS["version.store"] == "db":
        return get_version(key)
    return cache.get(key, 0)


def bump_version(uid):
    key = version_key(uid)
    if KNOBS["version.store"] == "db":
        increment_version(key)
        return
    if KNOBS["version.bump"] == "incr":
        cache.add(key, 0, None)
        cache.incr(key)
        return
    current_version = cache.get(key, 0)
    cache.set(key, current_version + 1, None)


# ---- the feed ------------------------------------------------------------------------------------

def event_id(uuid, fmt):
    return uuid if fmt == "uuid" else "work-item-%s" % uuid if fmt == "work-item-uuid" else "work_item_%s" % uuid


def feed_event(item, id_format="uuid"):
    """A row as a FullCalendar all-day event (end exclusive): the model's django.feedEvent."""
    return {"id": event_id(item.uuid, id_format), "title": item.title, "start": item.start_date.isoformat(), "end": (item.end_date + datetime.timedelta(days=1)).isoformat()}


def to_event(item):
    return feed_event(item, KNOBS["feed.eventIdFormat"])


def feed_key(uid, work_type, status, start_date, end_date, version=None):
    """The seed's key, calendar_feed[:v{version}]:{uid}:{work_type}:{status}:{start}:{end}: the model's django.feedKey."""
    tail = "%s:%s:%s:%s:%s" % (uid, work_type, status, start_date, end_date)
    return "calendar_feed:%s" % tail if version is None else "calendar_feed:v%s:%s" % (version, tail)


def visible_items(uid, start_date, end_date, work_type=None, status=None):
    """The items user `uid` sees overlapping [start_date, end_date): the model's django.db.workItems."""
    rows = WorkItem.objects.filter(visible_to__contains=",%s," % uid, start_date__lt=end_date, end_date__gte=start_date)
    if work_type is not None:
        rows = rows.filter(work_type=work_type)
    if status is not None:
        rows = rows.filter(status=status)
    return rows


def feed_response(events):
    response = JsonResponse(events, safe=False)
    if not KNOBS["feed.neverCache"] and KNOBS["feed.maxAgeS"] is not None:
        response["Cache-Control"] = "max-age=%d" % KNOBS["feed.maxAgeS"]
    return response


def work_items_calendar_feed(request):
    uid = user_id(request)
    work_type = request.GET.get("work_type")
    status = request.GET.get("status")
    start_date = request.GET["start"][:10]
    end_date = request.GET["end"][:10]
    key = None
    # Whether Django's cache had the key, as the model's cache.get says "hit": a cached empty list
    # is a hit that `if cached:` does not serve (it is falsy), so the view queries again.
    found = False
    if KNOBS["feed.serverCache"]:
        key = feed_key(uid, work_type, status, start_date, end_date, read_version(uid) if KNOBS["feed.versionedKey"] else None)
        cached = cache.get(key)
        found = cached is not None
        if cached:
            log(request, "feed", key=key, hit=True, items=[e["id"] for e in cached])
            return feed_response(cached)
    events = [to_event(row) for row in visible_items(uid, start_date, end_date, work_type, status)]
    if key is not None:
        cache.set(key, events, KNOBS["feed.cacheTtlS"])
    log(request, "feed", key=key, hit=found, items=[e["id"] for e in events])
    return feed_response(events)


if KNOBS["feed.neverCache"]:
    work_items_calendar_feed = never_cache(work_items_calendar_feed)


# ---- the delete ----------------------------------------------------------------------------------

WORK_TYPES = [None, "project", "activity", "task", "meeting"]
STATUSES = [None, "not_started", "in_progress", "completed", "cancelled"]


def month_boundary_spans(today):
    spans = []
    for month_offset in range(4):
        start_of_month = (today.replace(day=1) + datetime.timedelta(days=32 * month_offset)).replace(day=1)
        end_of_month = (start_of_month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        spans.append((start_of_month, end_of_month))
    return spans


def six_week_spans(today):
    first_of_month = today.replace(day=1)
    start_of_calendar_view = first_of_month - datetime.timedelta(days=first_of_month.weekday() + 1)
    spans = []
    for month_offset in range(-2, 3):
        view_start = start_of_calendar_view + datetime.timedelta(days=42 * month_offset)
        spans.append((view_start, view_start + datetime.timedelta(days=42)))
    return spans


def delete_keys(uid, spans):
    # One operation of the schedule: the model runs the loop as one batch.
    with op(GATE, "cache", "cache.deleteMany"):
        _delete_keys(uid, spans)


def _delete_keys(uid, spans):
    for start, end in spans:
        for work_type in WORK_TYPES:
            for status in STATUSES:
                django_cache.delete("calendar_feed:%s:%s:%s:%s:%s" % (uid, work_type, status, start.isoformat(), end.isoformat()))


def write_then_invalidate(uid, write):
    """What every write view does around its statement (src/app/writeInvalidation.ts): with a
    version kept in a database row, its own transaction.atomic() around the write and the bump;
    the version bump in the view or in transaction.on_commit; then the configured key loop."""
    own_atomic = KNOBS["delete.bumpVersion"] and KNOBS["version.store"] == "db" and not connection.in_atomic_block
    with transaction.atomic() if own_atomic else nullcontext():
        write()
        if KNOBS["delete.bumpVersion"]:
            if KNOBS["version.bumpWhen"] == "on-commit":
                transaction.on_commit(lambda: bump_version(uid))
            else:
                bump_version(uid)
        if KNOBS["delete.keyLoop"] == "month-boundary":
            delete_keys(uid, month_boundary_spans(TODAY))
        elif KNOBS["delete.keyLoop"] == "six-week":
            delete_keys(uid, six_week_spans(TODAY))


def work_item_delete(request, uuid):
    uid = user_id(request)
    item = get_object_or_404(WorkItem, pk=uuid)
    # item.delete() sets item.pk (the uuid) to None: the trigger's fields are read before.
    deleted = {"id": item.uuid, "title": item.title}
    # The instance delete: one DELETE statement and no transaction of its own (QuerySet.delete()
    # would wrap it in one), as the model's autocommit delete.
    write_then_invalidate(uid, item.delete)
    log(request, "delete", item=uuid)
    return hx_trigger("workItemDeleted", deleted)


# ---- the create and edit forms (hx-post, form-encoded; src/app/workItemWriteForm.ts) -------------

def is_day(value):
    try:
        datetime.date.fromisoformat(value)
        return len(value) == 10
    except (TypeError, ValueError):
        return False


def hx_trigger(name, detail):
    """200 with HX-Trigger: {name: detail}, the event the page's listener reacts to: the model's django.hxTrigger."""
    response = HttpResponse(status=200)
    response["HX-Trigger"] = json.dumps({name: detail})
    return response


def written_event(item):
    """The HX-Trigger detail: the item as an all-day FullCalendar event (end exclusive)."""
    end = (datetime.date.fromisoformat(str(item.end_date)) + datetime.timedelta(days=1)).isoformat()
    return {"id": item.uuid, "title": item.title, "start": str(item.start_date), "end": end}


def create_form(request):
    """The create form's new item, unsaved, or None when the form is invalid (answer 400): the model's django.createForm."""
    uid = user_id(request)
    form = request.POST
    start_date = form.get("start_date")
    end_date = form.get("end_date", start_date)
    if not form.get("uuid") or not form.get("title") or not is_day(start_date) or not is_day(end_date) or end_date < start_date:
        return None
    team = [t for t in form.get("visible_to", "").split(",") if t]
    visible = team if uid in team else [uid] + team
    return WorkItem(
        uuid=form["uuid"],
        title=form["title"],
        start_date=start_date,
        end_date=end_date,
        work_type=form.get("work_type", "task"),
        status=form.get("status", "not_started"),
        visible_to="," + ",".join(visible) + ",",
    )


def edit_form(request, item):
    """The edit form's title and dates over the item's, or None when invalid (answer 400): the model's django.editForm."""
    form = request.POST
    title = form.get("title", item.title)
    start_date = form.get("start_date", item.start_date.isoformat())
    end_date = form.get("end_date", item.end_date.isoformat())
    if not title or not is_day(start_date) or not is_day(end_date) or end_date < start_date:
        return None
    return {"title": title, "start_date": start_date, "end_date": end_date}


def work_item_create(request):
    uid = user_id(request)
    item = create_form(request)
    if item is None:
        return HttpResponse(status=400)
    # WorkItem.objects.create(...): save(force_insert=True), one INSERT.
    write_then_invalidate(uid, lambda: item.save(force_insert=True))
    log(request, "create", item=item.uuid)
    return hx_trigger("workItemCreated", written_event(item))


def work_item_update(request, uuid):
    uid = user_id(request)
    item = get_object_or_404(WorkItem, pk=uuid)
    fields = edit_form(request, item)
    if fields is None:
        return HttpResponse(status=400)
    item.title, item.start_date, item.end_date = fields["title"], fields["start_date"], fields["end_date"]
    # One UPDATE; on a row deleted since the get it updates nothing and save() raises
    # DatabaseError("Save with update_fields did not affect any rows."): Django answers 500.
    write_then_invalidate(uid, lambda: item.save(update_fields=["title", "start_date", "end_date"]))
    log(request, "edit", item=uuid)
    return hx_trigger("workItemUpdated", written_event(item))


# ---- the page and its scripts ----------------------------------------------------------------------

SCRIPTS = CONFIG["scripts"]


def calendar_page(request):
    log(request, "page")
    page = {k: KNOBS[k] for k in KNOBS if k.startswith("page.") or k.startswith("calendar.")}
    page["month"] = request.GET.get("month", TODAY.isoformat()[:7])
    tags = "".join('<script src="/static/%s"></script>' % name for name in SCRIPTS)
    html = '<!doctype html><html><head><meta charset="utf-8"><title>calendar</title><link rel="icon" href="data:,"></head><body><div id="calendar"></div>'
    html += "<script type=\"application/json\" id=\"page-config\">%s</script>%s</body></html>" % (json.dumps(page), tags)
    return HttpResponse(html)


def static_script(request, name):
    """Served by the worker with no Last-Modified, ETag or Cache-Control (FACTS section 6)."""
    if name not in SCRIPTS:
        return HttpResponse(status=404)
    log(request, "script", name=name)
    return HttpResponse(open(SCRIPTS[name], "rb").read(), content_type="application/javascript")


def state(request):
    """For the test, straight to one worker (never through the proxy): the committed rows and versions."""
    rows = sorted("%s %s %s..%s" % r for r in WorkItem.objects.values_list("uuid", "title", "start_date", "end_date"))
    versions = dict(FeedVersion.objects.values_list("key", "value"))
    return JsonResponse({"rows": rows, "versions": versions})


def age(request):
    """For the test, straight to one worker: LocMem entries age by ?ms=, as if that much time had
    passed (their expiry times move back), so a step ten virtual minutes later needs no real wait."""
    seconds = int(request.GET["ms"]) / 1000
    backend = caches["default"]
    if hasattr(backend, "_expire_info"):
        with backend._lock:
            for key, expires in list(backend._expire_info.items()):
                if expires is not None:
                    backend._expire_info[key] = expires - seconds
    return JsonResponse({"aged": seconds})


# ---- the user's own views (--views F.py) ------------------------------------------------------------

VIEW_NAMES = ("work_items_calendar_feed", "work_item_delete", "work_item_create", "work_item_update")


def gate_cache_backend():
    """Makes django.core.cache's own cache follow the schedule, one operation per call, for the
    built-in views and the user's alike; a call inside another (get_or_set's get, the key loop's
    deletes) is part of it. Each read of a feed key by a user's view is logged with whether the key
    was found (the model's "hit"); the built-in feed logs its own."""
    backend = type(caches["default"])
    missing = object()

    def gated(name, original):
        def method(self, *args, **kwargs):
            key = args[0] if args else kwargs.get("key")
            with op(GATE, "cache", "cache.%s%s" % (name, "" if isinstance(key, (list, tuple, dict)) else " %s" % key)):
                request = CURRENT.get("user_request")
                if name != "get" or request is None or not str(key).startswith("calendar_feed:"):
                    return original(self, *args, **kwargs)
                rest = dict(kwargs)
                default = args[1] if len(args) > 1 else rest.pop("default", None)
                rest.pop("key", None)
                value = original(self, key, missing, *args[2:], **rest)
                log(request, "feed", key=key, hit=value is not missing)
                return default if value is missing else value

        return functools.wraps(original)(method)

    for name in ("get", "set", "add", "delete", "incr", "decr", "get_many", "set_many", "delete_many", "has_key", "touch", "get_or_set"):
        original = getattr(backend, name, None)
        if original is not None:
            setattr(backend, name, gated(name, original))


# The exceptions Django turns into a 4xx answer rather than a 500.
ANSWERED_4XX = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)


def user_view(name, view):
    @functools.wraps(view)
    def serve(request, *args, **kwargs):
        CURRENT["user_request"] = request
        try:
            return view(request, *args, **kwargs)
        except ANSWERED_4XX:
            # get_object_or_404's Http404 and the like: Django answers 404, 403 or 400, as the
            # model's view that returns HttpResponse(404); the view did not fail.
            raise
        except Exception as e:
            # Django answers 500 and, with DEBUG off, shows the traceback to no one: the rig says where.
            frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == USER_VIEWS_FILE]
            where = " (%s, line %d)" % (os.path.basename(frames[-1].filename), frames[-1].lineno) if frames else ""
            log(request, "error", view=name, error="%s: %s%s" % (type(e).__name__, e, where))
            raise
        finally:
            CURRENT["user_request"] = None

    return serve


def load_user_views(path):
    """Imports F.py with `cachelab_stack` importable, and returns the views it defines."""
    rig = types.ModuleType("cachelab_stack")
    rig.__doc__ = "The rig's models and helpers for your views (docs/your-own-fix.md, On the real stack)."
    for name, value in dict(
        WorkItem=WorkItem, FeedVersion=FeedVersion, user_id=user_id, visible_items=visible_items, feed_key=feed_key,
        feed_event=feed_event, event_detail=written_event, hx_trigger=hx_trigger, get_version=get_version,
        increment_version=increment_version, create_form=create_form, edit_form=edit_form, TODAY=TODAY, KNOBS=KNOBS,
    ).items():
        setattr(rig, name, value)
    sys.modules["cachelab_stack"] = rig
    # Its own helpers beside it import by name, as in a Django project.
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location("user_views", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as e:
        # A helper the rig does not have: say which it has (the message is Python's, the traceback kept).
        if e.name == "cachelab_stack":
            e.msg = "%s; cachelab_stack has %s" % (e.msg, ", ".join(sorted(n for n in vars(rig) if not n.startswith("_"))))
        raise
    views = {name: getattr(module, name) for name in VIEW_NAMES if callable(getattr(module, name, None))}
    # A function named almost like a view it leaves out (work_item_updte): the likely typo, for the message.
    own = [n for n, v in vars(module).items() if callable(v) and getattr(v, "__module__", None) == "user_views"]
    NEAR.update({name: close[0] for name in VIEW_NAMES if name not in views for close in [difflib.get_close_matches(name, own, 1, 0.8)] if close})
    return views


# View name -> the function of the user's file named almost like it (filled by load_user_views).
NEAR = {}


USER_VIEWS_FILE = os.path.abspath(CONFIG["userViews"]) if CONFIG.get("userViews") else None
USER_VIEWS = load_user_views(USER_VIEWS_FILE) if USER_VIEWS_FILE else {}
gate_cache_backend()
if USER_VIEWS:
    for _name, _view in USER_VIEWS.items():
        globals()[_name] = user_view(_name, _view)


urlpatterns = [
    path("oobc-management/calendar/", calendar_page),
    path("oobc-management/calendar/work-items/feed/", work_items_calendar_feed),
    path("oobc-management/work-items/<str:uuid>/delete/", work_item_delete),
    path("oobc-management/work-items/create/", work_item_create),
    path("oobc-management/work-items/<str:uuid>/update/", work_item_update),
    path("static/<str:name>", static_script),
    path("__state/", state),
    path("__age/", age),
]


def setup_database():
    with connection.schema_editor() as editor:
        editor.create_model(WorkItem)
        editor.create_model(FeedVersion)
    WorkItem.objects.bulk_create(
        WorkItem(
            uuid=i["uuid"],
            title=i["title"],
            start_date=i["startDate"],
            end_date=i["endDate"],
            work_type=i["workType"],
            status=i["status"],
            visible_to="," + ",".join(i["visibleTo"]) + ",",
            seq=n,
        )
        for n, i in enumerate(CONFIG["items"])
    )


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[4] == "--setup":
        setup_database()
        sys.exit(0)
    if len(sys.argv) > 4 and sys.argv[4] == "--user-views":
        print(json.dumps({"views": sorted(USER_VIEWS), "near": NEAR}))
        sys.exit(0)
    from django.core.wsgi import get_wsgi_application

    # Port 0: the kernel picks a free one, said on the ready line (no window for another process to take it).
    server = make_server("127.0.0.1", PORT, get_wsgi_application(), handler_class=QuietHandler)
    print(f"ready {server.server_port}", flush=True)
    server.serve_forever()
