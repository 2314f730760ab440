# examples/robust-app.ts in Python, for the real stack: the project's recommendation
# (docs/recommendation.md) as Django views, one Django call for each of the model's, in the same
# order. One version counter for everybody in a database row, bumped in the write's transaction;
# the version in the feed's cache key; never_cache on the feed; every write invalidates alike.
#
#   npm run stack -- create-appears --app examples/robust-app.ts --views examples/robust_app.py
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from cachelab_stack import (
    WorkItem,
    create_form,
    edit_form,
    event_detail,
    feed_event,
    feed_key,
    get_version,
    hx_trigger,
    increment_version,
    user_id,
    visible_items,
)

VERSION_KEY = "calendar_feed_version"


@never_cache
def work_items_calendar_feed(request):
    uid = user_id(request)
    work_type = request.GET.get("work_type")
    status = request.GET.get("status")
    start_date = request.GET.get("start", "")[:10]
    end_date = request.GET.get("end", "")[:10]
    key = feed_key(uid, work_type, status, start_date, end_date, get_version(VERSION_KEY))
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
        item.delete()
        increment_version(VERSION_KEY)
    return hx_trigger("workItemDeleted", deleted)


def work_item_create(request):
    item = create_form(request)
    if item is None:
        return HttpResponse(status=400)
    with transaction.atomic():
        item.save(force_insert=True)
        increment_version(VERSION_KEY)
    return hx_trigger("workItemCreated", event_detail(item))


def work_item_update(request, uuid):
    item = WorkItem.objects.filter(pk=uuid).first()
    if item is None:
        return HttpResponse(status=404)
    fields = edit_form(request, item)
    if fields is None:
        return HttpResponse(status=400)
    item.title, item.start_date, item.end_date = fields["title"], fields["start_date"], fields["end_date"]
    with transaction.atomic():
        # On a row deleted since the SELECT this raises DatabaseError: Django answers 500, rolled back.
        item.save(update_fields=["title", "start_date", "end_date"])
        increment_version(VERSION_KEY)
    return hx_trigger("workItemUpdated", event_detail(item))
