// What a screen reader hears for one event of the timing diagram, when the keyboard moves onto it:
// the step, the time, who sent it to whom, what happened, and the mark its row carries in the same
// words as the row ("item is back", "stale"), the worker that handled it and whether it is a cause
// or an effect of the current step. Built from the marks the row is drawn with, so while a question
// waits it says no more than the picture (no stale mark, no break).
import type { TraceIndex } from '../model/traceIndex';
import { eventMark, type EventMarks } from './timingLayout';

/** `step` counts from 1, as the step bar does; `run` names the run when two are shown. */
export function eventName(ix: TraceIndex, seq: number, step: number, marks: EventMarks, run: string | null): string {
  const e = ix.events[seq];
  const who = e.from && e.from !== e.actor ? `${ix.label(e.from)} to ${ix.label(e.actor)}` : ix.label(e.actor);
  const mark = eventMark(marks);
  const what = mark ? `${mark.words}: ${e.label}` : e.label;
  const notes = [marks.worker ? `handled by ${marks.worker.label}` : '', marks.causal === 'cause' ? 'a cause of the current step' : marks.causal === 'effect' ? 'an effect of the current step' : ''].filter(Boolean);
  return `${run ? `Run ${run}, ` : ''}step ${step}, ${e.t} ms, ${who}: ${what} (${e.type})${notes.length ? `; ${notes.join('; ')}` : ''}.`;
}
