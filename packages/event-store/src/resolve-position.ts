import type { Queryable } from "@vigie/db";
import { findPosition } from "./find-position.ts";
import { parsePosition, POSITION_FORMS } from "./position.ts";
import { InvalidCursorError } from "./errors/invalid-cursor-error.ts";
import type { Position } from "./types.ts";

/**
 * The one parser of positions typed by people (CLI `--from`/`--to`): the forms of
 * `parsePosition`, or a bare global position `n` (as `vigie events stats` and the dashboard show),
 * looked up in the log. A bare `n` includes event n whichever the bound: `from` resolves to just
 * before it, `to` to it. The other forms are exclusive lower bounds / inclusive upper bounds as they are.
 */
export async function resolvePosition(sql: Queryable, text: string, options: { bound: "from" | "to" }): Promise<Position> {
  if (!/^\d{1,18}$/.test(text) || text === "0") return parsePosition(text);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new InvalidCursorError(text, "out-of-range");
  const position = await findPosition(sql, n);
  if (!position) throw new InvalidCursorError(text, "malformed", `${POSITION_FORMS}, or the global position of an event (no event has ${n})`);
  return options.bound === "from" ? { txId: position.txId, globalPosition: n - 1 } : position;
}
