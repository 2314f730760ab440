# examples/invalidate-on-commit.ts in Python, for the real stack: the same app as
# invalidate_in_transaction.py with the bump in transaction.on_commit, the fix the incidents' teams
# made, so no reader sees the new version before the delete is committed.
#
#   npm run stack -- commit-race --app examples/invalidate-on-commit.ts --views examples/invalidate_on_commit.py
from django.db import transaction
from django.http import HttpResponse

from cachelab_stack import WorkItem, hx_trigger
from invalidate_in_transaction import bump_version, work_items_calendar_feed  # noqa: F401 (the feed view)


def work_item_delete(request, uuid):
    item = WorkItem.objects.filter(pk=uuid).first()
    if item is None:
        return HttpResponse(status=404)
    deleted = {"id": item.uuid, "title": item.title}
    with transaction.atomic():
        transaction.on_commit(bump_version)
        item.delete()
    return hx_trigger("workItemDeleted", deleted)
