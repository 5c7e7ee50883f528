import type { Queryable } from "@vigie/db";
import { EVENT_COLUMNS, FROM_STREAM_START, toRecordedEvent, type EventRow } from "./event-row.ts";
import type { RecordedEvent } from "./types.ts";

/**
 * The latest event of one of `types` in a stream (undefined: none), read backwards through the
 * stream's version index: a feed's status without folding its thousands of polls.
 */
export async function readLastOfTypes(sql: Queryable, streamId: string, types: readonly string[]): Promise<RecordedEvent | undefined> {
  const rows = await sql.unsafe<EventRow[]>(
    `select ${EVENT_COLUMNS} from events e where e.stream_id = $1 and e.event_type = any($2::text[]) and ${FROM_STREAM_START} order by e.stream_version desc limit 1`,
    [streamId, [...types]],
    { prepare: true },
  );
  const row = rows[0];
  return row === undefined ? undefined : toRecordedEvent(row);
}
