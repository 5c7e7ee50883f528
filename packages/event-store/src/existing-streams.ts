import type { Queryable } from "@vigie/db";

/** Ids looked up per statement: keeps the parameter array and the plan small. */
const CHUNK = 500;

/** The ids among `streamIds` of streams that exist (have a first event), e.g. articles already discovered. */
export async function existingStreams(sql: Queryable, streamIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < streamIds.length; i += CHUNK) {
    const rows = await sql<{ stream_id: string }[]>`
      select stream_id from stream_heads where stream_id = any(${streamIds.slice(i, i + CHUNK)}::text[])`;
    for (const r of rows) found.add(r.stream_id);
  }
  return found;
}
