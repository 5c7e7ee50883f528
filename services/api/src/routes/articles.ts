import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { articleStreamId } from "@vigie/contracts";
import type { Sql } from "@vigie/db";
import { readStream } from "@vigie/event-store";
import { parseQuery, searchArticles, articleFilters, InvalidSearchQueryError, type ProjArticleRow, type SearchQuery } from "@vigie/search";
import { foldArticle } from "@vigie/streams";
import { z } from "zod";
import type { RequireScope } from "../auth/authenticate.ts";
import { ProblemError } from "../http/problem-error.ts";
import { limitParam, problemResponses, safeText } from "../http/schemas.ts";

export interface ReadModelRoutesOptions {
  sql: Sql;
  requireScope: RequireScope;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const EntityRef = z.object({ entityId: z.string(), name: z.string(), type: z.string(), mentions: z.number().int() }).meta({ id: "ArticleEntity" });

export const Article = z
  .object({
    articleId: z.string(),
    url: z.string(),
    feedId: z.string().nullable(),
    title: z.string().nullable(),
    language: z.string().nullable(),
    publishedAt: z.string().nullable(),
    status: z
      .string()
      .describe(
        "discovered | fetched | fetch-failed | accepted | revised | duplicate | dedup-failed | tagged | tagging-failed (ArticleStatus of @vigie/streams)",
      ),
    failureReason: z.string().nullable(),
    clusterId: z.string().nullable(),
    duplicateOf: z.object({ articleId: z.string(), method: z.string().nullable() }).nullable(),
    revision: z.number().int(),
    discoveredAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Article" });

export const ArticleDetail = Article.extend({
  revisions: z.array(
    z.object({
      revision: z.number().int(),
      fetchedAt: z.string(),
      title: z.string().nullable(),
      wordCount: z.number().int().nullable(),
      contentHash: z.string().nullable(),
    }),
  ),
  duplicates: z.array(z.object({ articleId: z.string(), url: z.string(), method: z.string().nullable() })),
  entities: z.array(EntityRef),
}).meta({ id: "ArticleDetail" });

const SearchMatch = z
  .object({
    rank: z.number().describe("ts_rank of the match (title weighs most, then lead, then body)"),
    title: z.string().describe("The title, HTML-escaped, matched words in <mark>"),
    snippet: z.string().describe("Up to two passages around the matches, HTML-escaped, matched words in <mark>"),
  })
  .meta({ id: "SearchMatch" });

const ArticleListItem = Article.extend({ match: SearchMatch.optional().describe("With `q` only") }).meta({ id: "ArticleListItem" });

const ArticleList = z
  .object({
    articles: z.array(ArticleListItem),
    next: z.string().nullable().describe("Pass as `before` for the next page (older articles; with `q`, less relevant ones)"),
    rankedAmong: z
      .number()
      .int()
      .optional()
      .describe("With `q`: how many of the newest matches were ranked (at most 200 unless `limit` + the offset ask for more; docs/search.md)"),
  })
  .meta({ id: "ArticleList" });

/** Parses `q` or answers 400. */
export function searchQueryParam(q: string): SearchQuery {
  try {
    return parseQuery(q);
  } catch (err) {
    if (err instanceof InvalidSearchQueryError) throw new ProblemError(400, "invalid-query", err.message);
    throw err;
  }
}

type ArticleRow = ProjArticleRow;

export function toArticle(r: ArticleRow): z.output<typeof Article> {
  return {
    articleId: r.article_id,
    url: r.url,
    feedId: r.feed_id,
    title: r.title,
    language: r.language,
    publishedAt: iso(r.published_at),
    status: r.status,
    failureReason: r.failure_reason,
    clusterId: r.cluster_id,
    duplicateOf: r.original_article_id ? { articleId: r.original_article_id, method: r.duplicate_method } : null,
    revision: r.revision,
    discoveredAt: r.discovered_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const ArticleId = z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 hex article id");
const EntityId = safeText(256).min(1);

/** Keyset cursor over (discovered_at desc, article_id desc). */
function encodeBefore(r: ArticleRow): string {
  return Buffer.from(`${r.discovered_at.toISOString()}|${r.article_id}`).toString("base64url");
}
function decodeBefore(text: string): { at: Date; id: string } {
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f]{64})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  const at = match?.[1];
  const id = match?.[2];
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text) || !at || !id || Number.isNaN(Date.parse(at)))
    throw new ProblemError(400, "invalid-cursor", "`before` is not a cursor this API returned");
  return { at: new Date(at), id };
}

/** With `q`, pages are ranked: the cursor is an offset into the ranked matches. */
const encodeOffset = (offset: number) => Buffer.from(`q|${offset}`).toString("base64url");
function decodeOffset(text: string): number {
  const match = /^q\|(\d{1,6})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text) || !match?.[1])
    throw new ProblemError(400, "invalid-cursor", "`before` is not a cursor this API returned for this query");
  return Number(match[1]);
}

export const articlesRoutes: FastifyPluginAsync<ReadModelRoutesOptions> = async (app, { sql, requireScope }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/v1/articles/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "An article's current state, revisions, duplicates and entities",
        tags: ["articles"],
        params: z.strictObject({ id: ArticleId }),
        response: { 200: ArticleDetail, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const id = request.params.id;
      const [row] = await sql<ArticleRow[]>`select * from proj_articles where article_id = ${id}`;
      if (!row) throw new ProblemError(404, "not-found", "no such article (or the read model has not caught up yet)");
      const [events, duplicates, entities] = await Promise.all([
        readStream(sql, articleStreamId(id)),
        sql<{ article_id: string; url: string; duplicate_method: string | null }[]>`
          select article_id, url, duplicate_method from proj_articles where original_article_id = ${id} order by discovered_at, article_id limit 500`,
        sql<{ entity_id: string; name: string; type: string; mentions: number }[]>`
          select entity_id, name, type, mentions from proj_article_entities where article_id = ${id} order by mentions desc, entity_id`,
      ]);
      const revisions = [...foldArticle(id, events).fetched.values()].map(({ data: d, recordedAt }) => ({
        revision: d.revision,
        fetchedAt: recordedAt.toISOString(),
        title: d.title ?? null,
        wordCount: d.wordCount,
        contentHash: d.contentHash,
      }));
      return {
        ...toArticle(row),
        revisions,
        duplicates: duplicates.map((d) => ({ articleId: d.article_id, url: d.url, method: d.duplicate_method })),
        entities: entities.map((e) => ({ entityId: e.entity_id, name: e.name, type: e.type, mentions: e.mentions })),
      };
    },
  );

  api.get(
    "/v1/articles",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "Articles, newest first, or ranked by relevance with `q`; filtered by entity, feed, feed category, cluster, date and language",
        description:
          '`q` is a web-search query (`"a phrase"`, `-word`, `a or b`; other words are all required), matched accent-insensitively with French or English stemming by the article\'s language (docs/search.md).',
        tags: ["articles"],
        querystring: z.strictObject({
          q: z.string().min(1).max(500).optional().describe("Full-text query in web-search syntax"),
          entity: EntityId.optional(),
          feed: safeText(128).min(1).optional(),
          category: z.string().min(1).max(100).optional().describe("Only articles of feeds filed under this category"),
          cluster: safeText(128).min(1).optional(),
          since: z.iso.datetime({ offset: true }).optional().describe("Only articles discovered at or after this ISO-8601 time"),
          until: z.iso.datetime({ offset: true }).optional().describe("Only articles discovered before this ISO-8601 time"),
          lang: z
            .string()
            .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/, "expected a language code such as fr or en")
            .optional(),
          before: z.string().max(200).optional(),
          limit: limitParam(200, 50),
        }),
        response: { 200: ArticleList, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const filters = {
        entity: q.entity,
        feed: q.feed,
        category: q.category,
        cluster: q.cluster,
        lang: q.lang,
        since: q.since === undefined ? undefined : new Date(q.since),
        until: q.until === undefined ? undefined : new Date(q.until),
      };
      if (q.q !== undefined) {
        const query = searchQueryParam(q.q);
        const offset = q.before === undefined ? 0 : decodeOffset(q.before);
        const { hits, candidates } = await searchArticles(sql, query, { ...filters, limit: q.limit, offset });
        return {
          articles: hits.map((h) => ({ ...toArticle(h.article), match: { rank: h.rank, title: h.title, snippet: h.snippet } })),
          next: hits.length === q.limit ? encodeOffset(offset + q.limit) : null,
          rankedAmong: candidates,
        };
      }
      const before = q.before === undefined ? undefined : decodeBefore(q.before);
      const rows = await sql<ArticleRow[]>`
        select a.* from proj_articles a
        where true ${articleFilters(sql, filters)}
          ${before === undefined ? sql`` : sql`and (a.discovered_at, a.article_id) < (${before.at}, ${before.id})`}
        order by a.discovered_at desc, a.article_id desc
        limit ${q.limit}`;
      const last = rows.at(-1);
      return { articles: rows.map(toArticle), next: rows.length === q.limit && last ? encodeBefore(last) : null };
    },
  );

  api.get(
    "/v1/entities/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "An entity (person, organisation, place) and its most recent articles",
        tags: ["entities"],
        params: z.strictObject({ id: EntityId }),
        response: {
          200: z
            .object({
              entityId: z.string(),
              name: z.string(),
              type: z.string(),
              articleCount: z.number().int(),
              mentions: z.number().int(),
              recentArticles: z.array(Article),
            })
            .meta({ id: "Entity" }),
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    async (request) => {
      const id = request.params.id;
      const [entity] = await sql<{ entity_id: string; name: string; type: string; articles: number; mentions: number }[]>`
        select entity_id, name, type, articles, mentions from proj_entities where entity_id = ${id}`;
      if (!entity) throw new ProblemError(404, "not-found", "no such entity");
      const recent = await sql<ArticleRow[]>`
        select a.* from proj_articles a join proj_article_entities x on x.article_id = a.article_id
        where x.entity_id = ${id} order by a.discovered_at desc, a.article_id desc limit 50`;
      return {
        entityId: entity.entity_id,
        name: entity.name,
        type: entity.type,
        articleCount: entity.articles,
        mentions: entity.mentions,
        recentArticles: recent.map(toArticle),
      };
    },
  );

  api.get(
    "/v1/clusters/:id",
    {
      preHandler: requireScope("read"),
      schema: {
        summary: "A cluster of copies of one story and its articles",
        tags: ["clusters"],
        params: z.strictObject({ id: safeText(128).min(1) }),
        response: {
          200: z
            .object({ clusterId: z.string(), articleCount: z.number().int(), firstSeenAt: z.string(), updatedAt: z.string(), articles: z.array(Article) })
            .meta({ id: "Cluster" }),
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    async (request) => {
      const id = request.params.id;
      const [cluster] = await sql<{ cluster_id: string; articles: number; first_seen_at: Date; updated_at: Date }[]>`
        select cluster_id, articles, first_seen_at, updated_at from proj_clusters where cluster_id = ${id}`;
      if (!cluster) throw new ProblemError(404, "not-found", "no such cluster");
      const rows = await sql<ArticleRow[]>`select * from proj_articles where cluster_id = ${id} order by discovered_at, article_id limit 500`;
      return {
        clusterId: cluster.cluster_id,
        articleCount: cluster.articles,
        firstSeenAt: cluster.first_seen_at.toISOString(),
        updatedAt: cluster.updated_at.toISOString(),
        articles: rows.map(toArticle),
      };
    },
  );
};
