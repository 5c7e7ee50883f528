import { discoverFeeds, FeedParseError, parseFeed } from "@vigie/feeds";
import { safeFetch, type SafeFetchOptions } from "@vigie/http";

/** Neither the URL nor any page it links to is a feed. */
export class FeedNotFoundError extends Error {
  override name = "FeedNotFoundError";
}

const MAX_CANDIDATES = 8;

async function tryFeed(url: string, http: SafeFetchOptions): Promise<{ url: string; title?: string; html?: string; finalUrl: string } | undefined> {
  const response = await safeFetch(url, {
    ...http,
    accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
  });
  if (response.status >= 400) return undefined;
  try {
    const feed = await parseFeed(response.body, { url: response.url, contentType: response.headers.get("content-type") ?? undefined });
    return { url, title: feed.title, finalUrl: response.url };
  } catch (err) {
    if (!(err instanceof FeedParseError)) throw err;
    return { url, html: new TextDecoder().decode(response.body), finalUrl: response.url };
  }
}

/**
 * The feed URL to register for what the user typed: the URL itself when it is a feed, else the
 * first feed its page declares (`<link rel="alternate">`) or that answers at a common path.
 */
export async function resolveFeedUrl(url: string, http: SafeFetchOptions): Promise<{ url: string; title?: string; discovered: boolean }> {
  const first = await tryFeed(url, http);
  if (!first) throw new FeedNotFoundError(`${url} does not answer with a feed or a page`);
  if (first.html === undefined) return { url, title: first.title, discovered: false };
  for (const candidate of discoverFeeds(first.html, first.finalUrl).slice(0, MAX_CANDIDATES)) {
    const found = await tryFeed(candidate, http).catch(() => undefined);
    if (found && found.html === undefined) return { url: candidate, title: found.title, discovered: true };
  }
  throw new FeedNotFoundError(`no feed found at ${url} (not a feed, and its page links to none)`);
}
