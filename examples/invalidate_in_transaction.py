# examples/invalidate-in-transaction.ts in Python, for the real stack: the same feed and delete
# views, one Django call for each of the model's (a cache call, a query, a statement), in the same
# order. The version counter lives in the shared cache and the delete bumps it inside the
# transaction, before the DELETE commits: the django-hierarkey (pretix) bug.
#
#   npx cachelab check commit-race --app examples/invalidate-in-transaction.ts      -> VIOLATED
#   npm run stack -- --trace counterexample.json --app examples/invalidate-in-transaction.ts \
#       --views examples/invalidate_in_transaction.py    -> the same stale calendar on real Django
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from cachelab_stack import WorkItem, feed_event, feed_key, hx_trigger, user_id, visible_items

VERSION_KEY = "calendar_feed_version"


def bump_version():
    # cache.incr raises ValueError on a missing key, so add(key, 0) first.
    cache.add(VERSION_KEY, 0, None)
    cache.incr(VERSION_KEY)


@never_cache
def work_items_calendar_feed(request):
    uid = user_id(request)
    work_type = request.GET.get("work_type")
    status = request.GET.get("status")
    start_date = request.GET.get("start", "")[:10]
    end_date = request.GET.get("end", "")[:10]
    version = cache.get(VERSION_KEY, 0)
    key = feed_key(uid, work_type, status, start_date, end_date, version)
    cached = cache.get(key)
    if cached:
        return JsonResponse(cached, safe=False)
    events = [feed_event(row, "uuid") for row in visible_items(uid, start_date, end_date, work_type, status)]
    cache.set(key, events, 300)
    return JsonResponse(events, safe=False)


def work_item_delete(request, uuid):
    item = WorkItem.objects.filter(pk=uuid).first()
    if item is None:
        return HttpResponse(status=404)
    deleted = {"id": item.uuid, "title": item.title}
    with transaction.atomic():
        # The bug: the cache changes now, the rows only at COMMIT.
        bump_version()
        item.delete()
    return hx_trigger("workItemDeleted", deleted)
