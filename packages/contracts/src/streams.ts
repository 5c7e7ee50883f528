/** Stream ids: one stream per article (sha256 of its canonical URL) and one per feed. */
export const articleStreamId = (articleId: string): string => `article:${articleId}`;
export const feedStreamId = (feedId: string): string => `feed:${feedId}`;
/** A watch's definition and its deliveries. */
export const watchStreamId = (watchId: string): string => `watch:${watchId}`;
/** A watch's matches (`WatchMatched`), one event per matching article. */
export const watchMatchesStreamId = (watchId: string): string => `watch-matches:${watchId}`;

/** Event metadata every producer fills in, so one article's chain can be followed. */
export interface EventMetadata {
  /** The id shared by every event of one article's story (its first event id). */
  correlationId?: string;
  /** The id of the event that caused this one. */
  causationId?: string;
  /** The stage or command that appended the event, e.g. `fetcher`. */
  producer?: string;
  [key: string]: unknown;
}
