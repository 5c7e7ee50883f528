import type { ArticlePage, ArticleQuery } from "./articles.ts";
import type { VigieEvent } from "./event.ts";

export interface Page {
  events: VigieEvent[];
  /** Past every event returned and every event the type filter skipped. */
  next: string;
  /** The page reached the committed head of the log. */
  caughtUp: boolean;
}

export interface ReadOptions {
  /** Only these event types; the cursor still moves past the others. @defaultValue every type */
  types?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

/** What a live tail produces: an event, or a cursor that moved past filtered events. */
export type TailItem = { kind: "event"; event: VigieEvent } | { kind: "cursor"; cursor: string };

/** How a client reaches the log. Both transports deliver the same events in the same order. */
export interface Transport {
  readPage(after: string, options: ReadOptions & { limit: number }): Promise<Page>;
  /** Follows the log after `after` until `signal` aborts, reconnecting on its own. */
  tail(after: string, options: ReadOptions): AsyncIterable<TailItem>;
  /** One page of the articles read model (the HTTP API serves it; a log-only transport has none). */
  listArticles?(query: ArticleQuery, signal?: AbortSignal): Promise<ArticlePage>;
  close(): Promise<void>;
}
