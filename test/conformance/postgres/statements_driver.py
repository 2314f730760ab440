"""Runs interleaved statements of concurrent transactions through real Django, on PostgreSQL
(psycopg2) or on a SQLite file in WAL mode, and reports what each statement answered and when.

stdin:  {"engine": "postgresql", "postgres": {"host", "port", "user"} | "sqlitePath": "...",
         "items": [...], "scenarios": [{"steps": [{"actor": "T1", "action": "delete", "uuid": "..."}]}]}
stdout: {"django": "3.2.25", "server": "PostgreSQL 15.x" | "SQLite 3.x", "results": [[<log entry>...], ...]}

Actors are threads with their own connection. "T1", "T2" open a transaction with "begin"
(transaction.atomic entered by hand) and end it with "commit" or "rollback"; "A" runs each
statement in autocommit. The main thread hands one step at a time to an actor, then waits until
the statement has answered or is waiting for a lock: on PostgreSQL the backend has a lock that is
not granted (pg_locks); on SQLite the statement has not answered within WAIT_S (it sits in
SQLite's busy handler). A waiting actor's later steps are held back until it answers; after each
commit or rollback the held actors are checked again, oldest first.

Log entries: {"step": i, "reply": {...}} when a statement answers at once, {"step": i, "waits": true}
when it waits, {"step": i, "resumed": {...}} when a waiting statement answers later. An error
(SQLite's "database is locked") rolls the actor's transaction back, as Django would at the end of
the request; that actor's remaining steps up to its commit answer {"skipped": true}.
"""
import json
import os
import queue
import sqlite3
import sys
import threading
import time

import django

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from django_setup import postgres_database, setup_django, sqlite_database  # noqa: E402

request = json.load(sys.stdin)
ENGINE = request["engine"]
WAIT_S = 0.4

database = postgres_database(request["postgres"]) if ENGINE == "postgresql" else sqlite_database(request["sqlitePath"], 20)
setup_django(DATABASES={"default": database})

from django.db import connection, models, transaction  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402


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


class FeedVersion(models.Model):
    key = models.CharField(max_length=200, primary_key=True)
    value = models.IntegerField()

    class Meta:
        app_label = "cachelab"


def use_wal(sender, connection, **kwargs):
    if ENGINE == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


connection_created.connect(use_wal)

VERSION_TABLE = FeedVersion._meta.db_table
# UPDATE ... SET value = value + 1 as one statement, creating the row on first use.
INCREMENT = (
    "INSERT INTO {t} (key, value) VALUES (%s, 1) ON CONFLICT (key) DO UPDATE SET value = {t}.value + 1 RETURNING value"
).format(t=VERSION_TABLE)


def feed_query(q):
    """The feed's ORM query: visible range [start, end), the user's items."""
    rows = WorkItem.objects.filter(owner=q["userId"], start_date__lt=q["rangeEnd"], end_date__gte=q["rangeStart"])
    return sorted(rows.values_list("uuid", flat=True))


class Actor(threading.Thread):
    def __init__(self, name):
        super().__init__(name=name, daemon=True)
        self.inbox = queue.Queue()
        self.outbox = queue.Queue()
        self.atomic = None
        self.backend_pid = None

    def statement(self, step):
        action = step["action"]
        if action == "query":
            return {"rows": feed_query(step["query"])}
        if action == "get":
            return {"found": WorkItem.objects.filter(uuid=step["uuid"]).exists()}
        if action == "delete":
            deleted, _ = WorkItem.objects.filter(uuid=step["uuid"]).delete()
            return {"deleted": deleted}
        if action == "getVersion":
            row = FeedVersion.objects.filter(key=step["key"]).values_list("value", flat=True).first()
            return {"value": row or 0}
        if action == "incrementVersion":
            with connection.cursor() as cursor:
                cursor.execute(INCREMENT, [step["key"]])
                return {"value": cursor.fetchone()[0]}
        raise SystemExit("unknown action %r" % action)

    def do(self, step):
        action = step["action"]
        if action == "begin":
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            return {"ok": True}
        if action in ("commit", "rollback"):
            if action == "rollback":
                transaction.set_rollback(True)
            atomic, self.atomic = self.atomic, None
            atomic.__exit__(None, None, None)
            return {"ok": True}
        try:
            return self.statement(step)
        except django.db.OperationalError as e:
            if self.atomic is not None:
                transaction.set_rollback(True)
                atomic, self.atomic = self.atomic, None
                atomic.__exit__(None, None, None)
            return {"error": str(e).strip().splitlines()[0]}

    def run(self):
        if ENGINE == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.backend_pid = cursor.fetchone()[0]
        self.outbox.put("ready")
        while True:
            step = self.inbox.get()
            if step is None:
                connection.close()
                return
            try:
                self.outbox.put(self.do(step))
            except Exception as e:  # report, don't hang the main thread
                self.outbox.put({"exception": "%s: %s" % (type(e).__name__, e)})


monitor = None


def lock_waiting(actor):
    """PostgreSQL: the actor's backend holds a lock request that is not granted."""
    with monitor.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [actor.backend_pid])
        return cursor.fetchone()[0] > 0


def answer_or_wait(actor, deadline_s):
    """The actor's reply, or None if its statement is waiting for a lock."""
    end = time.monotonic() + deadline_s
    if ENGINE == "sqlite":
        try:
            return actor.outbox.get(timeout=WAIT_S)
        except queue.Empty:
            return None
    while time.monotonic() < end:
        try:
            return actor.outbox.get(timeout=0.005)
        except queue.Empty:
            pass
        if lock_waiting(actor):
            # Waiting: unless the reply slipped in between the two checks.
            try:
                return actor.outbox.get_nowait()
            except queue.Empty:
                return None
    raise SystemExit("actor %s neither answered nor waited on a lock within %s s" % (actor.name, deadline_s))


def run_scenario(steps):
    actors = {name: Actor(name) for name in ("T1", "T2", "A")}
    for actor in actors.values():
        actor.start()
        actor.outbox.get(timeout=30)
    log = []
    waiting = []  # [(actor name, step index)], oldest first
    held = {name: [] for name in actors}
    failed = set()

    def after_reply(name, reply):
        if "error" in reply and name != "A":
            failed.add(name)

    def send(i):
        step = steps[i]
        name = step["actor"]
        if name in failed:
            if step["action"] in ("commit", "rollback"):
                failed.discard(name)
            log.append({"step": i, "reply": {"skipped": True}})
            return
        actors[name].inbox.put(step)
        reply = answer_or_wait(actors[name], 10)
        if reply is None:
            waiting.append((name, i))
            log.append({"step": i, "waits": True})
        else:
            log.append({"step": i, "reply": reply})
            after_reply(name, reply)
            if step["action"] in ("commit", "rollback") or "error" in reply:
                release()

    def release():
        progressed = True
        while progressed:
            progressed = False
            for name, i in list(waiting):
                reply = answer_or_wait(actors[name], 10)
                if reply is None:
                    continue
                waiting.remove((name, i))
                log.append({"step": i, "resumed": reply})
                after_reply(name, reply)
                progressed = True
                while held[name] and not any(n == name for n, _ in waiting):
                    send(held[name].pop(0))

    for i, step in enumerate(steps):
        if any(n == step["actor"] for n, _ in waiting):
            held[step["actor"]].append(i)
        else:
            send(i)
    if waiting:
        log.append({"stuck": [i for _, i in waiting]})
    for actor in actors.values():
        actor.inbox.put(None)
    for actor in actors.values():
        actor.join(timeout=5)
    return log


def reset(items):
    WorkItem.objects.all().delete()
    FeedVersion.objects.all().delete()
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


def main():
    global monitor
    with connection.schema_editor() as editor:
        editor.create_model(WorkItem)
        editor.create_model(FeedVersion)
    if ENGINE == "postgresql":
        monitor = connection
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = "PostgreSQL " + cursor.fetchone()[0]
    else:
        server = "SQLite %s (WAL)" % sqlite3.sqlite_version
    results = []
    for scenario in request["scenarios"]:
        reset(request["items"])
        results.append(run_scenario(scenario["steps"]))
    json.dump({"django": django.get_version(), "server": server, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
