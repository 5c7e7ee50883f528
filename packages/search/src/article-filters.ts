import type { Queryable, SqlFragment } from "@vigie/db";

/** Filters over `proj_articles` shared by the article list, search and attention. */
export interface ArticleFilters {
  /** Articles tagged with this entity id. */
  entity?: string | undefined;
  feed?: string | undefined;
  /** Articles of feeds filed under this category. */
  category?: string | undefined;
  cluster?: string | undefined;
  /** Language code: `fr` matches `fr` and `fr-FR`. */
  lang?: string | undefined;
  /** Discovered at or after. */
  since?: Date | undefined;
  /** Discovered strictly before. */
  until?: Date | undefined;
}

/** `and …` clauses for the filters given, over `proj_articles` under `alias` (empty when none). */
export function articleFilters(sql: Queryable, f: ArticleFilters, alias = "a"): SqlFragment {
  const a = sql(alias);
  return sql`
    ${f.entity === undefined ? sql`` : sql`and exists (select 1 from proj_article_entities x where x.article_id = ${a}.article_id and x.entity_id = ${f.entity})`}
    ${f.feed === undefined ? sql`` : sql`and ${a}.feed_id = ${f.feed}`}
    ${f.category === undefined ? sql`` : sql`and ${a}.feed_id in (select f.feed_id from proj_feeds f where ${f.category} = any(f.categories))`}
    ${f.cluster === undefined ? sql`` : sql`and ${a}.cluster_id = ${f.cluster}`}
    ${f.since === undefined ? sql`` : sql`and ${a}.discovered_at >= ${f.since}`}
    ${f.until === undefined ? sql`` : sql`and ${a}.discovered_at < ${f.until}`}
    ${f.lang === undefined ? sql`` : sql`and (${a}.language = ${f.lang} or ${a}.language like ${`${f.lang}-%`})`}`;
}
