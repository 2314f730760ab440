// Pieces the --json reports share, as zod schemas: one source for the reports' TypeScript types,
// their JSON Schemas (docs/schemas/) and the field tables of docs/json-reports.md.
import { z } from 'zod';
import { staleSource } from '../../check/staleSource';
import type { Violation } from '../../invariants/types';
import type { Trace } from '../../trace';

export const count = z.int().min(0);
export const ms = z.int();

export const violationSchema = z
  .strictObject({
    invariant: z.string().describe('The invariant\'s short name: read-your-delete, fresh-after-commit, fresh-render, read-your-writes, fresh-after-write or convergence.'),
    statement: z.string().describe('The invariant in one sentence.'),
    user: z.string().describe('The scenario user who saw it ("A"), or "" when it is not about one user.'),
    item: z.string().describe('The work item\'s uuid, or "" when it is not about one item.'),
    startT: ms.describe('Virtual ms when the staleness started.'),
    endT: ms.nullable().describe('Virtual ms when it ended; null: it never ended within the run.'),
    causeSeqs: z.array(count).describe('Trace event numbers (seq) of the events that led to it, newest first: the first is where it was seen.'),
    staleUntil: z.enum(['window', 'ttl', 'end-of-run']).describe('How it ended: a window (a later answer was fresh), the stale cache entry\'s TTL, or not before the end of the run.'),
    staleMs: ms.nullable().describe('How long it was stale, in ms; null: unbounded.'),
    untilT: ms.nullable().describe('Virtual ms the staleness ended or will end (window end or TTL expiry); null: unbounded.'),
    staleSource: z
      .array(z.string())
      .describe('Where the stale copy came from, as the text report\'s lines under it: the cache entry read, when and by which view it was stored, and the last invalidation of its key before that ("stale copy: ...", "last invalidation of that key before the store: ..."); empty when its cause chain read no Django cache entry, and in a merge of shard reports older than the field.'),
  })
  .describe('One violation of an invariant, with how long it was stale.');
export type ViolationJson = z.infer<typeof violationSchema>;

/**
 * A violation as the reports write it, in the run whose trace is `trace`: its fields named, so a
 * field added to Violation does not reach a report unannounced, and where its stale copy came from.
 */
export function violationJson(v: Violation, trace: Trace): ViolationJson {
  return { invariant: v.invariant, statement: v.statement, user: v.user, item: v.item, startT: v.startT, endT: v.endT, causeSeqs: v.causeSeqs, staleUntil: v.staleUntil ?? 'end-of-run', staleMs: v.staleMs ?? null, untilT: v.untilT ?? null, staleSource: staleSource(trace, v) };
}

export const heapSchema = z
  .strictObject({ usedMb: count.describe('The fullest heap\'s use, in whole MB.'), limitMb: count.describe('Its limit, in whole MB.') })
  .optional()
  .describe('Only when stopReason is "memory": the heap that stopped the search. Absent otherwise, so a report of the same inputs stays byte-identical.');

export const appNotesFields = {
  serverErrors: z
    .array(
      z.strictObject({
        scenario: z.string().describe('The scenario.'),
        count: count.describe('Responses of 500 or more in its nominal run.'),
        status: z.int().describe('The first one\'s status.'),
        atMs: ms.describe('When the first one was answered, virtual ms.'),
        response: z.string().describe('The first one\'s row: "worker 1 answers 500 to DELETE ... (TypeError: ...)".'),
      }),
    )
    .optional()
    .describe('With --app only: the scenarios whose nominal run had a server error (a view that raised).'),
  builtInViews: z
    .array(
      z.strictObject({
        view: z.enum(['work_items_calendar_feed', 'work_item_delete', 'work_item_create', 'work_item_update']).describe('The view the --app file does not define.'),
        scenarios: z.array(z.strictObject({ scenario: z.string(), preset: z.string() })).describe('The scenarios whose nominal run sent it a request, each with its preset.'),
      }),
    )
    .optional()
    .describe('With --app only: the views the file leaves to the built-in ones (whose verdicts judge those, not the fix).'),
};

export const schemaField = (id: string) => z.literal(id).describe(`The report's kind and version: "${id}". A field added keeps the version; a field removed or renamed, or a type changed, bumps it.`);
