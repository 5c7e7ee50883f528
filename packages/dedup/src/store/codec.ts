import { createHash } from "node:crypto";

/** A signature as a bytea hex literal (`\x…`, uint32 little-endian whatever the host's byte order), passed as text. */
export function encodeSignatureHex(signature: Uint32Array): string {
  const out = Buffer.allocUnsafe(signature.length * 4);
  signature.forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return `\\x${out.toString("hex")}`;
}

/** The inverse, from the `\x…` text Postgres gives a bytea in JSON. */
export function decodeSignatureHex(hex: string): Uint32Array {
  const bytes = Buffer.from(hex.slice(2), "hex");
  const out = new Uint32Array(bytes.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}

/** An int4[] literal: passed as text and cast, so it does not depend on the client's type inference. */
export function int4ArrayLiteral(values: ArrayLike<number>): string {
  return `{${Array.from(values).join(",")}}`;
}

/**
 * Advisory-lock keys (int8, as decimal strings) for every value a concurrent copy could be matched
 * on, sorted so that two transactions always lock in the same order and cannot deadlock.
 */
export function lockKeys(values: readonly string[]): string[] {
  const keys = new Set<bigint>();
  for (const v of values) keys.add(createHash("sha256").update(`vigie-dedup:${v}`).digest().readBigInt64BE(0));
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}
