"""Runs cache operation sequences through Django's real LocMemCache on a virtual clock.

stdin: {"sequences": [{"settings": {...}, "ops": [{"op": "set", "key": ..., "nowMs": ...}, ...]}]}
stdout: {"django": "<version>", "results": [[{"reply": {...}, "entries": [[key, value, expiresAtMs]]}, ...]]}

Each sequence gets its own LocMemCache instance (its own LOCATION), built the way Django's cache
handler builds one: backend_cls(location, params) with params as a CACHES entry. time.time is
replaced, in the two modules that read it, by the virtual clock, so expiry is deterministic.
"""
import json
import os
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from django_setup import setup_django  # noqa: E402

setup_django(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})

from django.core.cache.backends import base as cache_base  # noqa: E402
from django.core.cache.backends import locmem  # noqa: E402


class VirtualClock:
    """Stands in for the `time` module: only .time() is used by base.py and locmem.py."""

    now_s = 0.0

    def time(self):
        return self.now_s


clock = VirtualClock()
locmem.time = clock
cache_base.time = clock

MISSING = object()


def build_cache(index, s):
    params = {
        "TIMEOUT": s["defaultTimeoutS"],
        "KEY_PREFIX": s["keyPrefix"],
        "VERSION": s["version"],
        "OPTIONS": {"MAX_ENTRIES": s["maxEntries"], "CULL_FREQUENCY": s["cullFrequency"]},
    }
    return locmem.LocMemCache("conformance-%d" % index, params)


def snapshot(cache):
    """Keys in OrderedDict order (most recently used first), with value and expiry in ms."""
    out = []
    for key, pickled in cache._cache.items():
        exp = cache._expire_info[key]
        value = locmem.pickle.loads(pickled)
        out.append([key, value, None if exp is None else round(exp * 1000)])
    return out


def run_op(cache, op, culled):
    kwargs = {}
    if "version" in op:
        kwargs["version"] = op["version"]
    name = op["op"]
    if name == "get":
        made = cache.make_key(op["key"], version=op.get("version"))
        present = made in cache._cache
        expired = present and cache._has_expired(made)
        args = (op["key"], op["default"]) if "default" in op else (op["key"],)
        value = cache.get(*args, **kwargs)
        return {"hit": present and not expired, "value": value, "expired": expired}
    if name in ("set", "add"):
        args = [op["key"], op["value"]]
        if "timeoutS" in op:
            args.append(op["timeoutS"])
        result = getattr(cache, name)(*args, **kwargs)
        if name == "set":
            return {"culled": list(culled)}
        return {"added": result, "culled": list(culled)}
    if name == "delete":
        return {"deleted": cache.delete(op["key"], **kwargs)}
    if name == "incr":
        try:
            return {"value": cache.incr(op["key"], op.get("delta", 1), **kwargs)}
        except ValueError as e:
            return {"error": "ValueError", "message": str(e)}
        except TypeError as e:
            return {"error": "TypeError", "message": str(e)}
    if name == "clear":
        removed = list(cache._cache.keys())
        cache.clear()
        return {"removed": removed}
    raise SystemExit("unknown op %r" % name)


def run_sequence(index, seq):
    cache = build_cache(index, seq["settings"])
    culled = []
    real_cull = cache._cull

    def recording_cull():
        # Record what the real _cull removed, in popitem() order (least recently used first).
        before = list(cache._cache.keys())
        real_cull()
        after = set(cache._cache.keys())
        culled.extend(k for k in reversed(before) if k not in after)

    cache._cull = recording_cull
    steps = []
    for op in seq["ops"]:
        clock.now_s = op["nowMs"] / 1000
        del culled[:]
        reply = run_op(cache, op, culled)
        steps.append({"reply": reply, "entries": snapshot(cache)})
    cache.clear()
    return steps


def main():
    request = json.load(sys.stdin)
    results = [run_sequence(i, seq) for i, seq in enumerate(request["sequences"])]
    json.dump({"django": django.get_version(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
