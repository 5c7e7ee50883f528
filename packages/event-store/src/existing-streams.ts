import type { Queryable } from "@vigie/db";

const CHUNK = 500;

/** Which of these streams exist (hold a first event), looked up in chunks through the stream index. */
export async function existingStreams(sql: Queryable, streamIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < streamIds.length; i += CHUNK) {
    const rows = await sql.unsafe<{ stream_id: string }[]>(
      `select stream_id from events where stream_id = any($1::text[]) and stream_version = 1`,
      [streamIds.slice(i, i + CHUNK) as string[]],
      { prepare: true },
    );
    for (const r of rows) found.add(r.stream_id);
  }
  return found;
}
