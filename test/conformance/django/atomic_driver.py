"""Replays the ATOMIC_REQUESTS delete/feed race with real Django on a SQLite file database, or on
PostgreSQL through psycopg2 when "postgres" is given.

stdin:  {"dbPath": "/tmp/.../race.sqlite3", "wal": true, "items": [...], "feedKey": "...",
         "postgres": {"host": ..., "port": ..., "user": ...} (optional, instead of dbPath),
         "scenarios": [{"deleteUuid": "...", "steps": [{"actor": "deleter", "action": "delete"}, ...]}]}
stdout: {"django": "3.2.25", "sqlite": "3.x", "journalMode": "wal" | "postgresql 15.x", "results": [[<reply per step>], ...]}

Actors are threads, so each has its own database connection, as two gunicorn workers (or two
threads of one) would. The main thread hands one step at a time to an actor and waits for its
reply, so the interleaving is exactly the one asked for.

- deleter: a real POST through django.test.Client to a view, with ATOMIC_REQUESTS=True, so the
  view body runs inside transaction.atomic and the commit happens when the view returns
  (BaseHandler.make_view_atomic). "begin" sends the request; the view then takes the steps
  "delete", "cacheDelete", "onCommit" (transaction.on_commit(cache.delete)), "query" from its
  inbox, until "commit" makes it return.
- reader: the feed view's statements, one per step, in autocommit: "query", "cacheSet" (stores
  the uuids its last query returned), "cacheGet".
- observer: the same statements, run after the others to look at the end state.
The cache is the process's LocMemCache, shared by all threads here.
"""
import json
import os
import queue
import sqlite3
import sys
import threading

import django

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from django_setup import postgres_database, setup_django, sqlite_database  # noqa: E402

request = json.load(sys.stdin)

setup_django(
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    DATABASES={
        "default": postgres_database(request["postgres"], ATOMIC_REQUESTS=True)
        if "postgres" in request
        # A reader must not fail on a writer's lock; it waits instead (it never has to here).
        else sqlite_database(request["dbPath"], 5, ATOMIC_REQUESTS=True)
    },
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)

from django.core.cache import cache  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402


class WorkItem(models.Model):
    uuid = models.CharField(max_length=64, primary_key=True)
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    work_type = models.CharField(max_length=40)
    status = models.CharField(max_length=40)
    owner = models.CharField(max_length=40)

    class Meta:
        app_label = "cachelab"


def use_wal(sender, connection, **kwargs):
    if request.get("wal") and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


connection_created.connect(use_wal)


def feed_query(q):
    """The feed's ORM query: visible range [start, end), optional filters, the user's items."""
    rows = WorkItem.objects.filter(owner=q["userId"], start_date__lt=q["rangeEnd"], end_date__gte=q["rangeStart"])
    if q.get("workType") is not None:
        rows = rows.filter(work_type=q["workType"])
    if q.get("status") is not None:
        rows = rows.filter(status=q["status"])
    return sorted(rows.values_list("uuid", flat=True))


class Actor(threading.Thread):
    def __init__(self, name):
        super().__init__(name=name, daemon=True)
        self.inbox = queue.Queue()
        self.outbox = queue.Queue()
        self.last_rows = []
        self.callbacks_run = []

    def ask(self, step):
        self.inbox.put(step)
        return self.outbox.get(timeout=30)

    def do(self, step):
        """A statement outside any request: reader and observer, and the deleter inside its view."""
        action = step["action"]
        if action == "query":
            self.last_rows = feed_query(step["query"])
            return {"rows": self.last_rows}
        if action == "cacheSet":
            cache.set(request["feedKey"], self.last_rows, 300)
            return {}
        if action == "cacheGet":
            value = cache.get(request["feedKey"])
            return {"hit": value is not None, "value": value}
        if action == "cacheDelete":
            return {"deleted": cache.delete(request["feedKey"])}
        if action == "delete":
            deleted, _ = WorkItem.objects.filter(uuid=step["uuid"]).delete()
            return {"deleted": deleted}
        if action == "onCommit":
            ran_before = len(self.callbacks_run)

            def invalidate():
                self.callbacks_run.append(step["callbackId"])
                cache.delete(request["feedKey"])

            transaction.on_commit(invalidate)
            return {"runNow": len(self.callbacks_run) > ran_before}
        raise SystemExit("unknown action %r" % action)

    def view(self, http_request, uuid):
        """The delete view. ATOMIC_REQUESTS wraps it: everything here is one transaction."""
        self.outbox.put({"ok": True, "inAtomicBlock": connection.in_atomic_block})
        while True:
            step = self.inbox.get()
            if step["action"] == "commit":
                return HttpResponse(status=204)
            self.outbox.put(self.do(step))

    def run(self):
        while True:
            step = self.inbox.get()
            if step is None:
                connection.close()
                return
            try:
                if step["action"] == "begin":
                    self.callbacks_run = []
                    response = Client().post("/work-items/%s/delete/" % step["uuid"])
                    # The response is back: the view returned, the transaction committed,
                    # on_commit callbacks ran.
                    self.outbox.put({"callbacks": list(self.callbacks_run), "status": response.status_code})
                else:
                    self.outbox.put(self.do(step))
            except Exception as e:  # report, don't hang the main thread
                self.outbox.put({"exception": "%s: %s" % (type(e).__name__, e)})


deleter = None


def delete_view(http_request, uuid):
    return deleter.view(http_request, uuid)


urlpatterns = [path("work-items/<str:uuid>/delete/", delete_view)]


def reset(items):
    WorkItem.objects.all().delete()
    WorkItem.objects.bulk_create(
        WorkItem(
            uuid=i["uuid"],
            title=i["title"],
            start_date=i["startDate"],
            end_date=i["endDate"],
            work_type=i["workType"],
            status=i["status"],
            owner=i["visibleTo"][0],
        )
        for i in items
    )
    cache.clear()


def run_scenario(scenario):
    global deleter
    reset(request["items"])
    deleter = Actor("deleter")
    actors = {"deleter": deleter, "reader": Actor("reader"), "observer": Actor("observer")}
    for actor in actors.values():
        actor.start()
    replies = []
    for step in scenario["steps"]:
        # For the deleter, "begin"'s reply comes from inside the view and "commit"'s is the
        # response, sent after the commit and the on_commit callbacks.
        replies.append(actors[step["actor"]].ask(step))
    for actor in actors.values():
        actor.inbox.put(None)
        actor.join(timeout=30)
    return replies


def main():
    with connection.schema_editor() as editor:
        editor.create_model(WorkItem)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            journal_mode = "postgresql " + cursor.fetchone()[0]
        else:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
    results = [run_scenario(s) for s in request["scenarios"]]
    json.dump(
        {"django": django.get_version(), "sqlite": sqlite3.sqlite_version, "journalMode": journal_mode, "results": results},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
