import { InvalidCursorError } from "./errors/invalid-cursor-error.ts";
import { START, type Position } from "./types.ts";

/*
 * The cursor the API and the SDK hand out: base64url of `v1.<txId>.<globalPosition>`. Opaque to
 * clients; the version prefix lets the encoding change without breaking stored cursors. Decoding
 * is strict so that a cursor can never smuggle SQL or a position whose shape vigie never produced.
 */
const DECODED = /^v1\.(\d{1,20})\.(\d{1,18})$/;
const ENCODED = /^[A-Za-z0-9_-]{1,64}$/;
/** xid8 is unsigned 64-bit, but Postgres hands out values far below 2^63; a larger one is forged. */
export const MAX_TX_ID = 2n ** 63n;

export function encodeCursor(p: Position): string {
  return Buffer.from(`v1.${p.txId}.${p.globalPosition}`, "utf8").toString("base64url");
}

/** `undefined` or empty means the start of the log. Throws `InvalidCursorError` on anything else that is not a cursor. */
export function decodeCursor(cursor: string | undefined): Position {
  if (cursor === undefined || cursor === "") return START;
  const match = ENCODED.test(cursor) ? DECODED.exec(Buffer.from(cursor, "base64url").toString("utf8")) : null;
  const tx = match?.[1];
  const pos = match?.[2];
  if (!tx || !pos) throw new InvalidCursorError(cursor, "malformed");
  const txId = BigInt(tx);
  const globalPosition = Number(pos);
  if (txId >= MAX_TX_ID || !Number.isSafeInteger(globalPosition)) throw new InvalidCursorError(cursor, "out-of-range");
  return { txId: txId.toString(), globalPosition };
}
