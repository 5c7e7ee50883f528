import type { Queryable } from "@vigie/db";
import { EVENT_COLUMNS, FROM_STREAM_START, toRecordedEvent, type EventRow } from "./event-row.ts";
import type { RecordedEvent } from "./types.ts";

/** Events of one stream in version order, from `fromVersion` (inclusive). */
export async function readStream(sql: Queryable, streamId: string, options: { fromVersion?: number; limit?: number } = {}): Promise<RecordedEvent[]> {
  const rows = await sql.unsafe<EventRow[]>(
    `select ${EVENT_COLUMNS} from events e where e.stream_id = $1 and e.stream_version >= $2 and ${FROM_STREAM_START} order by e.stream_version limit $3`,
    [streamId, options.fromVersion ?? 1, options.limit ?? 10_000],
    { prepare: true },
  );
  return rows.map(toRecordedEvent);
}
