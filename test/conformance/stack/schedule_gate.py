"""Test-only hooks that make a real worker follow the model's schedule (the rig's gated mode).

Before each operation on shared state (a cache call, an SQL statement, a COMMIT) the worker asks
the rig's driver for its turn and waits; after it, it says it is done. The driver lets the
operations of all workers run one at a time, in the order the model's nominal run performed them
(test/conformance/stack/scheduleGate.ts), so concurrent requests interleave on the real stack as
they did in the model, whatever the real timing. Nothing here changes what an operation does.
"""
import http.client
import urllib.parse
from contextlib import contextmanager, nullcontext

# The request this (single-threaded) worker is serving: its X-Request-N and kind, and whether the
# driver is to be asked at all (never for the rig's own /__state/ reads).
CURRENT = {"n": 0, "kind": "", "gated": False, "held": False}


class ScheduleGate:
    def __init__(self, port, worker):
        self.port = port
        self.worker = worker

    def _call(self, what, kind, name=""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        # `what` and `view` only name the operation in the driver's messages.
        query = urllib.parse.urlencode({"worker": self.worker, "n": CURRENT["n"], "kind": kind, "what": name, "view": CURRENT["kind"]})
        try:
            conn.request("GET", "/%s?%s" % (what, query))
            conn.getresponse().read()
        finally:
            conn.close()

    @contextmanager
    def turn(self, kind, name=""):
        """Waits for this operation's turn, runs it, then tells the driver it is done."""
        self._call("gate", kind, name)
        try:
            yield
        finally:
            self._call("done", kind, name)

    def end(self):
        """The request has answered: it makes no more operations."""
        self._call("end", "")


class _NoGate:
    def turn(self, kind, name=""):
        return nullcontext()

    def end(self):
        pass


def make_gate(port, worker):
    return ScheduleGate(port, worker) if port else _NoGate()


@contextmanager
def _held(gate, kind, name):
    CURRENT["held"] = True
    try:
        with gate.turn(kind, name):
            yield
    finally:
        CURRENT["held"] = False


def op(gate, kind, name=""):
    """The turn of one operation of the request being served (none outside a gated request). An
    operation inside another (a cache method calling another, the key loop's deletes) is part of it.
    `name` says which (`cache.delete <key>`, `DELETE`) in the driver's messages."""
    return _held(gate, kind, name) if CURRENT["gated"] and not CURRENT["held"] else nullcontext()
