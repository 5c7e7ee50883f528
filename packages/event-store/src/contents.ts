import { createHash } from "node:crypto";
import type { Queryable } from "@vigie/db";

export function sha256Hex(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("hex");
}

/** Stores a blob under its sha256 (idempotent) and returns the hash that events reference. */
export async function putContent(sql: Queryable, body: Uint8Array, contentType?: string): Promise<string> {
  const hash = sha256Hex(body);
  await sql`
    insert into contents (hash, content_type, size, body)
    values (${hash}, ${contentType ?? null}, ${body.byteLength}, ${Buffer.from(body.buffer, body.byteOffset, body.byteLength)})
    on conflict (hash) do nothing`;
  return hash;
}

export async function getContent(sql: Queryable, hash: string): Promise<{ body: Buffer; contentType: string | null } | null> {
  const [row] = await sql<{ body: Buffer; content_type: string | null }[]>`
    select body, content_type from contents where hash = ${hash}`;
  return row ? { body: row.body, contentType: row.content_type } : null;
}
