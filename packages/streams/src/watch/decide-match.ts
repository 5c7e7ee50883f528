import { deterministicEventId } from "../event-id.ts";
import type { PendingEvent } from "../typed-event.ts";
import { indexText, matchesQuery, type IndexedText } from "./match-query.ts";
import { parseQuery, type ParsedQuery } from "./parse-query.ts";
import type { WatchDefinition } from "./watch-stream.ts";

/** What the watcher knows of a tagged article when it matches it against the watches. */
export interface ArticleFacts {
  articleId: string;
  revision: number;
  language?: string | undefined;
  feedId?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
  /** Title, lead and text, for the query's terms; absent when no live watch has a query. */
  text?: string | undefined;
  entityIds: ReadonlySet<string>;
}

/** A live watch ready to match articles: its query parsed once. */
export interface CompiledWatch {
  watchId: string;
  definition: WatchDefinition;
  query?: ParsedQuery | undefined;
}

export function compileWatch(watchId: string, definition: WatchDefinition): CompiledWatch {
  return { watchId, definition, query: definition.query === undefined ? undefined : parseQuery(definition.query) };
}

/** Language tags compared on their primary subtag: a watch on `fr` matches `fr-CA`. */
const primary = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? "";

/** The id of a watch's match of one article: the same however often the watcher reads the log. */
export const watchMatchedEventId = (watchId: string, articleId: string): string => deterministicEventId("watcher", `${watchId}:${articleId}`);

/**
 * `WatchMatched` when the article meets every criterion of the watch: one of its entity ids (if
 * any are given), one of its languages, one of its feeds, and its query. `text` is indexed once
 * by the caller for all the watches (`indexText`).
 */
export function decideMatch(watch: CompiledWatch, article: ArticleFacts, text: IndexedText | undefined, causationId: string): PendingEvent<"WatchMatched">[] {
  const { definition } = watch;
  const entityIds = definition.entityIds.filter((id) => article.entityIds.has(id));
  if (definition.entityIds.length > 0 && entityIds.length === 0) return [];
  if (definition.languages.length > 0 && (article.language === undefined || !definition.languages.some((l) => primary(l) === primary(article.language ?? ""))))
    return [];
  if (definition.feedIds.length > 0 && (article.feedId === undefined || !definition.feedIds.includes(article.feedId))) return [];
  if (watch.query && !matchesQuery(watch.query, text ?? indexText(""))) return [];
  const delivery = definition.webhookUrl === undefined ? "none" : definition.delivery;
  return [
    {
      eventId: watchMatchedEventId(watch.watchId, article.articleId),
      type: "WatchMatched",
      data: {
        watchId: watch.watchId,
        articleId: article.articleId,
        revision: article.revision,
        ...(article.url === undefined ? {} : { url: article.url.slice(0, 8192) }),
        ...(article.title === undefined ? {} : { title: article.title.slice(0, 2000) }),
        ...(article.language === undefined ? {} : { language: article.language }),
        ...(article.feedId === undefined ? {} : { feedId: article.feedId }),
        entityIds,
        delivery,
      },
      metadata: { producer: "watcher", causationId },
    },
  ];
}
