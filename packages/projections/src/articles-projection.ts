import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { articleChange, articleEventTypes, narrowEvent, type ArticleEventType } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const ARTICLE_TYPES: ReadonlySet<string> = new Set(articleEventTypes);

/* Status and fields come from `articleChange` of @vigie/streams, the fold the stages use too. */
async function apply(sql: Queryable, recorded: RecordedEvent): Promise<void> {
  const event = narrowEvent<ArticleEventType>(ARTICLE_TYPES, recorded);
  if (!event) return;
  const id = event.data.articleId;
  const at = event.recordedAt;
  const c = articleChange(event);
  switch (event.type) {
    case "ArticleDiscovered":
      await sql`
        insert into proj_articles (article_id, url, feed_id, title, published_at, status, discovered_at, updated_at)
        values (${id}, ${event.data.url}, ${event.data.feedId}, ${c.title ?? null}, ${c.publishedAt ?? null}, ${c.status}, ${at}, ${at})
        on conflict (article_id) do nothing`;
      return;
    case "EntitiesTagged": {
      await sql`update proj_articles set status = ${c.status}, updated_at = ${at} where article_id = ${id}`;
      await sql`delete from proj_article_entities where article_id = ${id}`;
      const entities = event.data.entities.map((x) => ({ article_id: id, entity_id: x.entityId, name: x.name, type: x.type, mentions: x.count }));
      for (let i = 0; i < entities.length; i += 500) {
        const rows = entities.slice(i, i + 500);
        await sql`insert into proj_article_entities ${sql(rows)} on conflict (article_id, entity_id) do update set mentions = excluded.mentions`;
      }
      return;
    }
    default:
      await sql`
        update proj_articles set
          status = ${c.status},
          title = coalesce(${c.title ?? null}, title),
          language = coalesce(${c.language ?? null}, language),
          published_at = coalesce(${c.publishedAt ?? null}::timestamptz, published_at),
          revision = coalesce(${c.revision ?? null}::int, revision),
          cluster_id = coalesce(${c.clusterId ?? null}, cluster_id),
          original_article_id = coalesce(${c.originalArticleId ?? null}, original_article_id),
          duplicate_method = coalesce(${c.duplicateMethod ?? null}, duplicate_method),
          failure_reason = ${c.failureReason === null ? null : sql`coalesce(${c.failureReason ?? null}, failure_reason)`},
          updated_at = ${at}
        where article_id = ${id}`;
  }
}

/** One row per article (its latest state) and its entities: `proj_articles`, `proj_article_entities`. */
export const articlesProjection: Projection = {
  name: "articles",
  tables: ["proj_article_entities", "proj_articles"],
  types: [...articleEventTypes],
  apply,
};
