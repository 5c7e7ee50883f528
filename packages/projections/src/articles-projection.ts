import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import type { Projection } from "./projection.ts";

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

async function apply(sql: Queryable, e: RecordedEvent): Promise<void> {
  const d = e.data as Data;
  const id = String(d.articleId);
  const at = e.recordedAt;
  switch (e.type) {
    case "ArticleDiscovered":
      await sql`
        insert into proj_articles (article_id, url, feed_id, title, published_at, status, discovered_at, updated_at)
        values (${id}, ${String(d.url)}, ${str(d.feedId)}, ${str(d.title)}, ${str(d.publishedAt)}, 'discovered', ${at}, ${at})
        on conflict (article_id) do nothing`;
      return;
    case "ArticleFetched":
      await sql`
        update proj_articles set title = coalesce(${str(d.title)}, title), language = ${str(d.language)},
          published_at = coalesce(${str(d.publishedAt)}::timestamptz, published_at), status = 'fetched',
          revision = ${Number(d.revision)}, failure_reason = null, updated_at = ${at}
        where article_id = ${id}`;
      return;
    case "ArticleFetchFailed":
    case "ArticleDedupFailed":
    case "ArticleTaggingFailed": {
      const status = e.type === "ArticleFetchFailed" ? "fetch-failed" : e.type === "ArticleDedupFailed" ? "dedup-failed" : "tagging-failed";
      await sql`update proj_articles set status = ${status}, failure_reason = ${str(d.reason)}, updated_at = ${at} where article_id = ${id}`;
      return;
    }
    case "ArticleAccepted":
    case "ArticleRevised":
      await sql`
        update proj_articles set status = 'accepted', cluster_id = ${str(d.clusterId)}, revision = ${Number(d.revision)}, updated_at = ${at}
        where article_id = ${id}`;
      return;
    case "ArticleDuplicateDetected":
      await sql`
        update proj_articles set status = 'duplicate', cluster_id = ${str(d.clusterId)}, original_article_id = ${str(d.originalArticleId)},
          duplicate_method = ${str(d.method)}, updated_at = ${at}
        where article_id = ${id}`;
      return;
    case "EntitiesTagged": {
      await sql`update proj_articles set status = 'tagged', updated_at = ${at} where article_id = ${id}`;
      await sql`delete from proj_article_entities where article_id = ${id}`;
      const entities = (d.entities as { entityId: string; name: string; type: string; count: number }[]).map((x) => ({
        article_id: id,
        entity_id: x.entityId,
        name: x.name,
        type: x.type,
        mentions: x.count,
      }));
      for (let i = 0; i < entities.length; i += 500) {
        const rows = entities.slice(i, i + 500);
        await sql`insert into proj_article_entities ${sql(rows)} on conflict (article_id, entity_id) do update set mentions = excluded.mentions`;
      }
      return;
    }
  }
}

/** One row per article (its latest state) and its entities: `proj_articles`, `proj_article_entities`. */
export const articlesProjection: Projection = {
  name: "articles",
  tables: ["proj_article_entities", "proj_articles"],
  types: [
    "ArticleDiscovered",
    "ArticleFetched",
    "ArticleFetchFailed",
    "ArticleAccepted",
    "ArticleRevised",
    "ArticleDuplicateDetected",
    "ArticleDedupFailed",
    "EntitiesTagged",
    "ArticleTaggingFailed",
  ],
  apply,
};
