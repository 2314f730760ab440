"""Calls a real @never_cache view through django.test.RequestFactory at fixed wall-clock times.

stdin: {"cases": [{"epochS": 1759752000.5, "existing": {"Cache-Control": "public, max-age=60"}}]}
stdout: {"django": "<version>", "results": [{"header-name-lowercased": "value", ...}, ...]}

`existing` headers are set by the view itself, before never_cache sees the response.
django.utils.cache reads time.time() for Expires; it is replaced by a fixed clock per case.
"""
import json
import os
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from django_setup import setup_django  # noqa: E402

setup_django(ALLOWED_HOSTS=["testserver"])

from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import cache as cache_utils  # noqa: E402
from django.views.decorators.cache import never_cache  # noqa: E402


class FixedClock:
    now_s = 0.0

    def time(self):
        return self.now_s


clock = FixedClock()
cache_utils.time = clock


def run_case(case):
    clock.now_s = case["epochS"]

    @never_cache
    def feed(request):
        response = HttpResponse("[]", content_type="application/json")
        for name, value in case.get("existing", {}).items():
            response[name] = value
        return response

    response = feed(RequestFactory().get("/oobc-management/calendar/work-items/feed/"))
    return {name.lower(): value for name, value in response.items()}


def main():
    request = json.load(sys.stdin)
    results = [run_case(case) for case in request["cases"]]
    json.dump({"django": django.get_version(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
