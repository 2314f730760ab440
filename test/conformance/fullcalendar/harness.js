// Runs inside the page, next to FullCalendar's index.global.js bundles (core + daygrid).
// The `events` function only records each call; the test settles every fetch by hand, so the order
// in which answers arrive is chosen by the test, never by timing.
(function () {
  'use strict';

  function publicEvents(calendar) {
    if (!calendar) return [];
    return calendar.getEvents().map(function (e) {
      return { id: e.id, title: e.title, start: e.startStr, end: e.endStr };
    });
  }

  function newCalendar(el, setup, month, onFetch, skipRender) {
    var calendar = new FullCalendar.Calendar(el, {
      initialView: 'dayGridMonth',
      initialDate: month + '-01',
      timeZone: 'local',
      firstDay: setup.firstDay,
      lazyFetching: setup.lazyFetching,
      fixedWeekCount: setup.fixedWeekCount !== false,
      showNonCurrentDates: setup.showNonCurrentDates !== false,
      events: function (info, success, failure) {
        onFetch({ startStr: info.startStr, endStr: info.endStr, success: success, failure: failure });
      },
    });
    if (!skipRender) calendar.render();
    return calendar;
  }

  /** The first fetch of a new calendar for each case: what its events function is asked for. */
  function ranges(cases) {
    var el = document.getElementById('calendar');
    return cases.map(function (c) {
      var first = null;
      // the first fetch starts in the constructor (initEventSources); the rule needs no DOM
      var calendar = newCalendar(el, c, c.month, function (f) {
        if (!first) first = { startStr: f.startStr, endStr: f.endStr };
      }, true);
      calendar.destroy();
      return first;
    });
  }

  /**
   * Applies ops in order; returns one observation per op: the fetches it started, the store
   * (getEvents) afterwards, and for getEventById what was found. A fetch is named by `back`:
   * 0 = the latest fetch started, 1 = the one before, ... A reload destroys the calendar; fetches of
   * a destroyed calendar are dead, as a reloaded page's callbacks are.
   */
  function runSequence(setup, ops) {
    var el = document.getElementById('calendar');
    var fetches = [];
    var calendar = null;
    var generation = 0;
    var held = null;

    function create(month) {
      if (calendar) calendar.destroy();
      generation += 1;
      var mine = generation;
      held = null;
      calendar = newCalendar(el, setup, month, function (f) {
        f.number = fetches.length + 1;
        f.generation = mine;
        fetches.push(f);
      });
    }

    function settle(back, fn) {
      var f = fetches[fetches.length - 1 - back];
      if (f && f.generation === generation) fn(f);
    }

    var observations = ops.map(function (op) {
      var before = fetches.length;
      var found;
      switch (op.op) {
        case 'open':
        case 'reload':
          create(op.month);
          break;
        case 'navigate':
          calendar.gotoDate(op.month + '-01');
          break;
        case 'refetch':
          calendar.refetchEvents();
          break;
        case 'resolve':
          settle(op.back, function (f) { f.success(op.events); });
          break;
        case 'fail':
          settle(op.back, function (f) { f.failure(new Error('feed failed (by the test)')); });
          break;
        case 'getEventById': {
          var e = calendar.getEventById(op.id);
          held = e;
          found = e ? { id: e.id, title: e.title, start: e.startStr, end: e.endStr } : null;
          break;
        }
        case 'remove': {
          var list = calendar.getEvents();
          if (list.length) list[op.index % list.length].remove();
          break;
        }
        case 'removeHeld':
          if (held) held.remove();
          break;
        case 'addEvent':
          if (op.toSource) calendar.addEvent(op.event, true);
          else calendar.addEvent(op.event);
          break;
        case 'setPropHeld':
          if (held) held.setProp('title', op.title);
          break;
        case 'setDatesHeld':
          if (held) held.setDates(op.start, op.end, { allDay: true });
          break;
        default:
          throw new Error('unknown op ' + op.op);
      }
      var observation = {
        fetched: fetches.slice(before).map(function (f) {
          return { fetch: f.number, startStr: f.startStr, endStr: f.endStr };
        }),
        events: publicEvents(calendar),
      };
      if (found !== undefined) observation.found = found;
      return observation;
    });
    if (calendar) calendar.destroy();
    return observations;
  }

  window.fcHarness = { ranges: ranges, runSequence: runSequence };
})();
