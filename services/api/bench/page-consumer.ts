// A consumer in its own process, for `pnpm bench:api`: pages the whole log from the start, through
// the API (`api <base url>`) or straight from Postgres with the event store's page read
// (`sql <database url>`), and prints {"events": n, "ms": t} (connection set-up not counted).
import { performance } from "node:perf_hooks";
import { createSql } from "@vigie/db";
import { readAll, START, type Position } from "@vigie/event-store";

const [mode, target] = process.argv.slice(2);
if ((mode !== "api" && mode !== "sql") || !target) {
  process.stderr.write("usage: page-consumer.ts api <base url> | sql <database url>\n");
  process.exit(2);
}
let events = 0;
let ms = 0;
if (mode === "api") {
  await fetch(`${target}/healthz`);
  const start = performance.now();
  let after = "";
  for (;;) {
    const res = await fetch(`${target}/v1/events?limit=1000${after ? `&after=${after}` : ""}`);
    const page = (await res.json()) as { events: unknown[]; next: string; caughtUp: boolean };
    events += page.events.length;
    after = page.next;
    if (page.caughtUp) break;
  }
  ms = performance.now() - start;
} else {
  const sql = createSql({ url: target, role: "vigie_app", max: 1 });
  await sql`select 1`;
  const start = performance.now();
  let after: Position = START;
  for (;;) {
    const page = await readAll(sql, after, { limit: 1000 });
    events += page.events.length;
    after = page.next;
    if (page.caughtUp) break;
  }
  ms = performance.now() - start;
  await sql.end();
}
process.stdout.write(`${JSON.stringify({ events, ms })}\n`);
