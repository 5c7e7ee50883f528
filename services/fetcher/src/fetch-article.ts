import { ROBOTS_DISALLOWED_REASON, type FetchArticleJob } from "@vigie/contracts";
import { textHash } from "@vigie/dedup";
import { putContent, sha256Hex } from "@vigie/event-store";
import { extractArticle } from "@vigie/extract";
import { httpStatusError, safeFetch, type RobotsPolicy, type SafeFetchOptions } from "@vigie/http";
import { PermanentError, TransientError, type StageContext, type StageFailure } from "@vigie/queue";
import { appendToArticle, loadArticle, recordArticleFailure, type Runtime } from "@vigie/runtime";
import { decideFetched, isDone } from "@vigie/streams";

/** Longest article text kept in the event; longer pages are cut (the raw HTML is kept whole). */
export const MAX_TEXT_CHARS = 200_000;

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

export type FetcherDeps = Pick<Runtime, "store" | "sql"> & { http: Omit<SafeFetchOptions, "signal">; robots?: Pick<RobotsPolicy, "check"> };

const isHttpUrl = (u: string | undefined): u is string => !!u && /^https?:\/\//i.test(u) && URL.canParse(u);

/**
 * FetchArticle: HTTP GET with the SSRF guard, size cap and timeout, extraction, raw body to the
 * contents table, then ArticleFetched. Idempotent: a retry finds its own event and stops.
 */
export async function fetchArticle(job: FetchArticleJob, ctx: StageContext, deps: FetcherDeps): Promise<{ revision: number }> {
  const article = await loadArticle(deps.store, job.articleId);
  if (isDone(article, "fetcher", job)) return { revision: article.fetched.size };

  const started = performance.now();
  // robots.txt (issue #15): a refusal is permanent; an unreadable robots.txt backs the host off.
  const robots = deps.robots === undefined ? undefined : await deps.robots.check(job.url);
  if (robots?.reason === "disallowed") throw new PermanentError(ROBOTS_DISALLOWED_REASON, "disallowed by robots.txt");
  if (robots?.reason === "server-error") throw new TransientError("robots-unavailable", "robots.txt unreachable or 5xx");
  const response = await safeFetch(job.url, { ...deps.http, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", signal: ctx.signal });
  const failed = httpStatusError(response);
  if (failed) throw failed;
  const contentType = response.headers.get("content-type") ?? undefined;
  if (contentType && !HTML_TYPES.test(contentType)) throw new PermanentError("not-html", `content-type ${contentType}`, { httpStatus: response.status });

  const extracted = extractArticle({ html: response.body, url: response.url, contentType });
  if (extracted.kind === "error") throw new PermanentError(extracted.error ?? "extraction-failed", `extraction: ${extracted.error ?? "failed"}`);
  const contentHash = await putContent(deps.sql, response.body, contentType);
  const text = extracted.text.length > MAX_TEXT_CHARS ? extracted.text.slice(0, MAX_TEXT_CHARS) : extracted.text;
  const fetched = decideFetched(article, job, {
    url: job.url,
    finalUrl: response.url,
    httpStatus: response.status,
    contentType,
    contentHash,
    bytes: response.body.byteLength,
    kind: extracted.kind,
    title: extracted.title?.slice(0, 2000),
    text,
    lead: extracted.lead?.slice(0, 5000),
    authors: extracted.authors.slice(0, 50).map((a) => a.slice(0, 500)),
    publishedAt: extracted.publishedAt,
    modifiedAt: extracted.modifiedAt,
    language: extracted.language?.slice(0, 16),
    canonicalUrl: isHttpUrl(extracted.canonicalUrl) ? extracted.canonicalUrl : undefined,
    siteName: extracted.siteName?.slice(0, 500),
    imageUrl: extracted.imageUrl?.slice(0, 8192),
    wordCount: extracted.wordCount,
    isLiveBlog: extracted.isLiveBlog,
    textHash: text.trim() ? textHash(text) : sha256Hex(""),
    durationMs: Math.round(performance.now() - started),
  });
  await appendToArticle(deps.store, article, [fetched]);
  const { revision } = fetched.data;
  ctx.log.info({ articleId: job.articleId, revision, kind: extracted.kind, words: extracted.wordCount }, "article fetched");
  return { revision };
}

export async function recordFetchFailure(job: FetchArticleJob, failure: StageFailure, deps: Pick<Runtime, "store">): Promise<void> {
  await recordArticleFailure(deps.store, "fetcher", job, failure);
}
