import { InvalidCursorError } from "./errors/invalid-cursor-error.ts";

/** A commit-safe position in the log: the appending transaction's xid8 and the event's position. */
export interface Position {
  /** Postgres xid8, decimal. */
  txId: string;
  globalPosition: number;
}

/** Before the first event. */
export const START_POSITION: Position = Object.freeze({ txId: "0", globalPosition: 0 });

/** The cursor meaning "from the first event". */
export const START_CURSOR = "";

const DECODED = /^v1\.(\d{1,20})\.(\d{1,18})$/;
const ENCODED = /^[A-Za-z0-9_-]{1,64}$/;

/*
 * Both transports speak the API's cursor (base64url of `v1.<txId>.<globalPosition>`), so a
 * checkpoint saved while reading over HTTP resumes a Postgres subscription and the reverse.
 */
export function encodeCursor(p: Position): string {
  if (p.txId === "0" && p.globalPosition === 0) return START_CURSOR;
  return Buffer.from(`v1.${p.txId}.${p.globalPosition}`, "utf8").toString("base64url");
}

/** Empty means the start of the log. Throws `InvalidCursorError` on anything else malformed. */
export function decodeCursor(cursor: string): Position {
  if (cursor === START_CURSOR) return START_POSITION;
  const match = ENCODED.test(cursor) ? DECODED.exec(Buffer.from(cursor, "base64url").toString("utf8")) : null;
  const tx = match?.[1];
  const pos = match?.[2];
  if (!tx || !pos || !Number.isSafeInteger(Number(pos))) throw new InvalidCursorError(cursor);
  return { txId: BigInt(tx).toString(), globalPosition: Number(pos) };
}
