import { decodeCursor, MAX_TX_ID } from "./cursor.ts";
import { InvalidCursorError } from "./errors/invalid-cursor-error.ts";
import { START, type Position } from "./types.ts";

export function comparePositions(a: Position, b: Position): number {
  const tx = BigInt(a.txId) - BigInt(b.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  return Math.sign(a.globalPosition - b.globalPosition);
}

/** `<txId>.<globalPosition>`: compact, stable, human-readable in logs and CLIs. */
export function formatPosition(p: Position): string {
  return `${p.txId}.${p.globalPosition}`;
}

export const POSITION_FORMS = "'start', <txId>.<globalPosition> or a cursor returned by vigie";

/**
 * Every textual form of a position that needs no lookup: `start` / `0` / empty (the beginning),
 * `<txId>.<globalPosition>` (`formatPosition`, as `vigie events tail` prints) and a cursor (as the
 * API and the SDK hand out). Throws `InvalidCursorError` on anything else; a bare global position
 * needs the log to find its transaction: see `resolvePosition`.
 */
export function parsePosition(text: string): Position {
  if (text === "" || text === "0" || text === "start") return START;
  const match = /^(\d{1,20})\.(\d{1,18})$/.exec(text);
  if (match?.[1] && match[2]) {
    const txId = BigInt(match[1]);
    const globalPosition = Number(match[2]);
    if (txId >= MAX_TX_ID || !Number.isSafeInteger(globalPosition)) throw new InvalidCursorError(text, "out-of-range");
    return { txId: txId.toString(), globalPosition };
  }
  if (text.includes(".") || /^\d+$/.test(text)) throw new InvalidCursorError(text, "malformed", POSITION_FORMS);
  try {
    return decodeCursor(text);
  } catch (err) {
    if (err instanceof InvalidCursorError && err.reason === "malformed") throw new InvalidCursorError(text, "malformed", POSITION_FORMS);
    throw err;
  }
}
