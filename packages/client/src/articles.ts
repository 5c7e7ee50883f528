/** An article as `GET /v1/articles` returns it (the read model, not the log). */
export interface Article {
  articleId: string;
  url: string;
  feedId: string | null;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
  /** discovered | fetched | fetch-failed | accepted | revised | duplicate | dedup-failed | tagged | tagging-failed */
  status: string;
  failureReason: string | null;
  clusterId: string | null;
  duplicateOf: { articleId: string; method: string | null } | null;
  revision: number;
  discoveredAt: string;
  updatedAt: string;
}

/** Filters of `GET /v1/articles`; every one given must hold. */
export interface ArticleQuery {
  /** Articles mentioning this entity (a Wikidata id such as `Q90`). */
  entity?: string;
  /** Articles of this feed id. */
  feed?: string;
  /** Articles of feeds filed under this category (exact label, commas and slashes included). */
  category?: string;
  cluster?: string;
  /** Discovered at or after this time. */
  since?: Date | string;
  /** Language code (`fr` also matches `fr-CA`). */
  lang?: string;
  /** A page's `next`: older articles. */
  before?: string;
  /** 1–200. @defaultValue 50 */
  limit?: number;
}

/** Newest first; `next` (null on the last page) goes in `before` for older ones. */
export interface ArticlePage {
  articles: Article[];
  next: string | null;
}

/** The query string of an `ArticleQuery` (URL-encoded: labels with commas or slashes arrive intact). */
export function articleQueryString(query: ArticleQuery): string {
  const q = new URLSearchParams();
  for (const key of ["entity", "feed", "category", "cluster", "lang", "before"] as const) {
    const value = query[key];
    if (value !== undefined) q.set(key, value);
  }
  if (query.since !== undefined) q.set("since", query.since instanceof Date ? query.since.toISOString() : query.since);
  if (query.limit !== undefined) q.set("limit", String(query.limit));
  const text = q.toString();
  return text === "" ? "" : `?${text}`;
}
