// The calendar page's own script for the scenario-level rig, as the seed's oobc_calendar.html
// writes it: FullCalendar's events function fetches the feed (with fix 3's cache-buster and
// no-cache headers when configured, and the filter form's work_type and status), and the
// HX-Trigger listeners (HTMX emulated by deleteWorkItem, createWorkItem and editWorkItem):
// workItemDeleted tries four id formats with getEventById, removes the event, and refetches;
// workItemCreated adds the event (addEvent, or addEvent(..., true) into the feed's source) and/or
// refetches; workItemUpdated finds the event, calls setProp('title') and setDates(), and/or
// refetches, as src/app/pageScript.ts has them. window.__cachelab exposes what the test reads:
// fetch calls, requests in flight, the events shown.
(function () {
  var cfg = JSON.parse(document.getElementById('page-config').textContent);
  var FEED = '/oobc-management/calendar/work-items/feed/';
  var state = { feedCalls: 0, inFlight: 0, listener: [] };
  // The filter form's selects (null: all); a new page starts at all.
  var filter = { workType: null, status: null };
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
      if (filter.workType !== null) url += '&work_type=' + encodeURIComponent(filter.workType);
      if (filter.status !== null) url += '&status=' + encodeURIComponent(filter.status);
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

  // Each event as the user sees it: id, title and all-day dates (end exclusive).
  state.shownEvents = function () {
    return calendar
      .getEvents()
      .map(function (e) {
        return e.id + ' ' + e.title + ' ' + e.startStr + '..' + e.endStr;
      })
      .sort();
  };

  // The filter form's change handler: the events function sends the new filter.
  state.filter = function (workType, status) {
    filter = { workType: workType, status: status };
    calendar.refetchEvents();
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

  // hx-post of the create and edit forms (form-encoded), then HTMX fires the HX-Trigger event.
  function post(url, form, eventName, listener) {
    return tracked(
      fetch(url, { method: 'POST', headers: { 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }).then(function (r) {
        var trigger = r.headers.get('HX-Trigger');
        if (r.status === 200 && trigger) listener(JSON.parse(trigger)[eventName]);
        return r.status;
      }),
    );
  }

  state.createWorkItem = function (form) {
    return post('/oobc-management/work-items/create/', form, 'workItemCreated', onWorkItemCreated);
  };

  state.editWorkItem = function (uuid, form) {
    return post('/oobc-management/work-items/' + uuid + '/update/', form, 'workItemUpdated', onWorkItemUpdated);
  };

  function onWorkItemCreated(detail) {
    var mode = cfg['page.onCreated'];
    if (mode === 'add-and-refetch') calendar.addEvent(detail, true);
    else if (mode === 'add-event') calendar.addEvent(detail);
    if (mode !== 'add-event') calendar.refetchEvents();
  }

  function onWorkItemUpdated(detail) {
    var mode = cfg['page.onUpdated'];
    var found = null;
    if (mode !== 'refetch') {
      var workItemId = String(detail.id);
      var tries = [workItemId, 'work-item-' + workItemId, 'coordination-event-' + workItemId, 'staff-task-' + workItemId];
      for (var i = 0; i < tries.length && !found; i++) found = calendar.getEventById(tries[i]);
    }
    if (found) {
      found.setProp('title', detail.title);
      found.setDates(detail.start, detail.end, { allDay: true });
      if (mode !== 'set-and-refetch') return;
    }
    calendar.refetchEvents();
  }

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
