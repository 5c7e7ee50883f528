import type { Queryable } from "@vigie/db";
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from "./event-row.ts";
import type { RecordedEvent } from "./types.ts";

/** One event by its id (upcast), or null when the log has none with that id. */
export async function readEvent(sql: Queryable, eventId: string): Promise<RecordedEvent | null> {
  const rows = await sql.unsafe<EventRow[]>(
    `select ${EVENT_COLUMNS} from event_ids x join events e on e.global_position = x.global_position where x.event_id = $1`,
    [eventId],
    { prepare: true },
  );
  const [row] = rows;
  return row ? toRecordedEvent(row) : null;
}
