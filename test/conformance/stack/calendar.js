// The calendar page's own script for the scenario-level rig, as the seed's oobc_calendar.html
// writes it: FullCalendar's events function fetches the feed (with fix 3's cache-buster and
// no-cache headers when configured), and the workItemDeleted listener (HTMX's HX-Trigger, emulated
// by deleteWorkItem) tries four id formats with getEventById, removes the event, and refetches.
// window.__cachelab exposes what the test reads: fetch calls, requests in flight, event ids shown.
(function () {
  var cfg = JSON.parse(document.getElementById('page-config').textContent);
  var FEED = '/oobc-management/calendar/work-items/feed/';
  var state = { feedCalls: 0, inFlight: 0, listener: [] };
  window.__cachelab = state;

  function tracked(promise) {
    state.inFlight++;
    return promise.finally(function () {
      state.inFlight--;
    });
  }

  var calendar = new FullCalendar.Calendar(document.getElementById('calendar'), {
    initialView: 'dayGridMonth',
    initialDate: cfg.month + '-01',
    timeZone: cfg['calendar.timeZone'] === 'UTC' ? 'UTC' : 'local',
    firstDay: cfg['calendar.firstDay'],
    lazyFetching: cfg['calendar.lazyFetching'],
    events: function (info, successCallback, failureCallback) {
      state.feedCalls++;
      var url = FEED + '?start=' + info.startStr + '&end=' + info.endStr;
      if (cfg['page.cacheBuster']) url += '&_=' + Date.now();
      var headers = {};
      if (cfg['page.noCacheHeaders']) {
        headers['Cache-Control'] = 'no-cache';
        headers['Pragma'] = 'no-cache';
      }
      tracked(
        fetch(url, { headers: headers, cache: cfg['page.fetchCacheMode'] })
          .then(function (r) {
            return r.json();
          })
          .then(successCallback, failureCallback),
      );
    },
  });
  calendar.render();
  state.calendar = calendar;

  state.shown = function () {
    return calendar
      .getEvents()
      .map(function (e) {
        return e.id;
      })
      .sort();
  };

  state.navigate = function (month) {
    calendar.gotoDate(month + '-01');
  };

  state.refetch = function () {
    calendar.refetchEvents();
  };

  // hx-delete on the item's button: the DELETE, then HTMX fires the HX-Trigger event.
  state.deleteWorkItem = function (uuid) {
    return tracked(
      fetch('/oobc-management/work-items/' + uuid + '/delete/', { method: 'DELETE', headers: { 'HX-Request': 'true' } }).then(function (r) {
        var trigger = r.headers.get('HX-Trigger');
        if (r.status === 200 && trigger) onWorkItemDeleted(JSON.parse(trigger).workItemDeleted);
        return r.status;
      }),
    );
  };

  function onWorkItemDeleted(detail) {
    var workItemId = String(detail.id);
    var tries = [workItemId, 'work-item-' + workItemId, 'coordination-event-' + workItemId, 'staff-task-' + workItemId];
    var found = null;
    for (var i = 0; i < tries.length && !found; i++) found = calendar.getEventById(tries[i]);
    state.listener.push(found ? found.id : null);
    if (found) {
      found.remove();
      if (cfg['page.onDeleted'] === 'remove-and-refetch') calendar.refetchEvents();
    } else {
      calendar.refetchEvents();
    }
  }
})();
