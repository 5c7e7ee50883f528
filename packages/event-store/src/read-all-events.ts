import type { Queryable } from "@vigie/db";
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from "./event-row.ts";
import type { RecordedEvent } from "./types.ts";

export interface ReadAllEventsOptions {
  /** Only these event types. @defaultValue every type */
  types?: readonly string[] | undefined;
  /** Only streams whose id starts with this, e.g. `article:`. @defaultValue every stream */
  streamPrefix?: string | undefined;
  /** `log`: commit-safe order `(txId, globalPosition)`; `stream`: by stream id, then version. @defaultValue "log" */
  order?: "log" | "stream";
}

const WHERE = `where ($1::text[] is null or e.event_type = any($1::text[])) and ($2::text is null or starts_with(e.stream_id, $2::text))`;
const ORDER = { log: "order by e.tx_id, e.global_position", stream: "order by e.stream_id, e.stream_version" } as const;

/**
 * Every committed event in one array, for tests, checks and small tools that look at a settled
 * log. Not a consumer's read: it holds the whole result in memory and, under concurrent writers,
 * is not gapless (a consumer pages with `readAll`). Its plain statement is also what the tests
 * compare the gapless read against.
 */
export async function readAllEvents(sql: Queryable, options: ReadAllEventsOptions = {}): Promise<RecordedEvent[]> {
  const types = options.types && options.types.length > 0 ? [...options.types] : null;
  const rows = await sql.unsafe<EventRow[]>(`select ${EVENT_COLUMNS} from events e ${WHERE} ${ORDER[options.order ?? "log"]}`, [
    types,
    options.streamPrefix ?? null,
  ] as never[]);
  return rows.map(toRecordedEvent);
}
