/*
 * Follows one entity across languages: every article tagged with it, whatever the surface form
 * (`Alep` in French and `Aleppo` in English link to the same id). Reads the log with the consumer
 * SDK, directly from Postgres (default) or through the HTTP API.
 *
 *   pnpm demo
 *   pnpm exec tsx examples/follow-entity/follow-entity.ts --entity Alep
 *   pnpm exec tsx examples/follow-entity/follow-entity.ts --entity Q41183 --api http://127.0.0.1:8080 --follow
 */
import { parseArgs } from "node:util";
import { createVigieClient, FileCheckpointStore, type VigieEvent } from "@vigie/client";

const { values } = parseArgs({
  options: {
    entity: { type: "string", default: "Alep" },
    database: { type: "string", default: "postgres://vigie_reader@127.0.0.1:5432/vigie_demo" },
    api: { type: "string" },
    token: { type: "string" },
    follow: { type: "boolean", default: false },
    checkpoint: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  process.stdout.write(
    [
      "usage: follow-entity [--entity <name|id>] [--database <postgres url> | --api <url> [--token vgt_…]] [--follow] [--checkpoint <file>]",
      "  --entity      an entity id (Q41183) or any name it was seen under (Alep, Aleppo)  [Alep]",
      "  --database    read the events table directly (as vigie_reader)  [postgres://vigie_reader@127.0.0.1:5432/vigie_demo]",
      "  --api         read through the HTTP API instead",
      "  --follow      keep following new articles after the backlog",
      "  --checkpoint  remember where the previous run stopped (a JSON file)",
      "",
    ].join("\n"),
  );
  process.exit(0);
}

const vigie = values.api ? createVigieClient({ http: { url: values.api, token: values.token } }) : createVigieClient({ postgres: { url: values.database } });
const wanted = values.entity.toLowerCase();
const stop = new AbortController();
process.once("SIGINT", () => stop.abort());

/** What the fetcher extracted, by article, to print the tagged article's title and URL. */
const fetched = new Map<string, { title: string | undefined; url: string }>();
let entityId: string | undefined;
const printed = new Set<string>();

function matches(e: VigieEvent<"EntitiesTagged">): { id: string; forms: string[] } | undefined {
  for (const entity of e.data.entities) {
    const forms = [...new Set(e.data.mentions.filter((m) => m.entityId === entity.entityId).map((m) => m.text))];
    const hit = entityId ? entity.entityId === entityId : [entity.entityId, entity.name, ...forms].some((s) => s.toLowerCase() === wanted);
    if (hit) return { id: entity.entityId, forms };
  }
  return undefined;
}

const subscription = vigie.subscribe({
  types: ["ArticleFetched", "EntitiesTagged"],
  follow: values.follow,
  signal: stop.signal,
  checkpoint: values.checkpoint ? { store: new FileCheckpointStore(values.checkpoint), name: `follow-entity:${wanted}` } : undefined,
});

let count = 0;
for await (const e of subscription) {
  if (e.type === "ArticleFetched") {
    fetched.set(e.data.articleId, { title: e.data.title, url: e.data.url });
    continue;
  }
  if (e.type !== "EntitiesTagged" || printed.has(e.id)) continue; // at-least-once: skip repeats
  const hit = matches(e);
  if (!hit) continue;
  printed.add(e.id);
  if (!entityId) {
    entityId = hit.id;
    const name = e.data.entities.find((x) => x.entityId === hit.id)?.name;
    process.stdout.write(`following ${name ?? hit.id} (${hit.id})\n`);
  }
  count += 1;
  const article = fetched.get(e.data.articleId);
  process.stdout.write(
    `[${e.data.language}] ${article?.title ?? e.data.articleId}\n     as ${hit.forms.map((f) => JSON.stringify(f)).join(", ")}  ${article?.url ?? ""}\n`,
  );
}
if (count === 0) process.stdout.write(`no article tagged with ${JSON.stringify(values.entity)} yet\n`);
await vigie.close();
