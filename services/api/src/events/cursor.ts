import { START, type Position } from "@vigie/event-store";
import { ProblemError } from "../http/problem-error.ts";

/*
 * The cursor is opaque to clients: base64url of `v1.<txId>.<globalPosition>`. The version prefix
 * lets the encoding change without breaking stored cursors; decoding is strict (anything else is a
 * 400) so that a cursor can never smuggle SQL or a position the server did not hand out in shape.
 */
const DECODED = /^v1\.(\d{1,20})\.(\d{1,18})$/;
const ENCODED = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeCursor(p: Position): string {
  return Buffer.from(`v1.${p.txId}.${p.globalPosition}`, "utf8").toString("base64url");
}

/** `undefined` or empty means the start of the log. Throws a 400 problem on anything malformed. */
export function decodeCursor(text: string | undefined): Position {
  if (text === undefined || text === "") return START;
  const match = ENCODED.test(text) ? DECODED.exec(Buffer.from(text, "base64url").toString("utf8")) : null;
  const tx = match?.[1];
  const pos = match?.[2];
  if (!tx || !pos) throw new ProblemError(400, "invalid-cursor", "the cursor is not one this API returned");
  const txId = BigInt(tx);
  const globalPosition = Number(pos);
  if (txId >= 2n ** 63n || !Number.isSafeInteger(globalPosition)) throw new ProblemError(400, "invalid-cursor", "the cursor is out of range");
  return { txId: txId.toString(), globalPosition };
}
