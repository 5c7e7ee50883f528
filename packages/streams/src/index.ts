export { deterministicEventId, VIGIE_EVENT_NAMESPACE } from "./event-id.ts";
export { articleIdFor, feedIdFor } from "./ids.ts";
export { narrowEvent, type PendingEvent, type StoredEvent, type TypedEvent } from "./typed-event.ts";
export { foldWith, type Decider } from "./decider.ts";
export { failureFields, type Failure } from "./failure.ts";
export { UnknownFeedError } from "./errors/unknown-feed-error.ts";
export { FeedRemovedError } from "./errors/feed-removed-error.ts";
export {
  displayTitle,
  evolveFeed,
  feedChange,
  feedEventTypes,
  feedStatusAfter,
  feedStatusEventTypes,
  foldFeed,
  initialFeedState,
  type FeedChange,
  type FeedDetails,
  type FeedEvent,
  type FeedEventType,
  type FeedState,
  type FeedStatus,
} from "./feed/feed-stream.ts";
export { decideFeed, type FeedCommand, type FeedDecision } from "./feed/decide-feed.ts";
export { normaliseCategories, MAX_CATEGORIES } from "./feed/normalise-categories.ts";
export { canPoll, decidePolled, decidePollFailed, pollEventId, DISABLE_AFTER_FAILURES, type PollOutcome } from "./feed/decide-poll.ts";
export { feedDecider } from "./feed/feed-decider.ts";
export {
  articleChange,
  articleEventTypes,
  evolveArticle,
  foldArticle,
  initialArticleState,
  type ArticleChange,
  type ArticleEvent,
  type ArticleEventType,
  type ArticleState,
  type ArticleStatus,
} from "./article/article-stream.ts";
export {
  articleFailed,
  decideDeduplicated,
  decideFetched,
  decideTagged,
  discoverArticle,
  fetchedForCause,
  isDone,
  outcomeEventId,
  recordedOutcomeIds,
  type ArticleJobRef,
  type ArticleStage,
  type DiscoveredItem,
  type FetchedPage,
} from "./article/decide-article.ts";
export { UnknownWatchError } from "./errors/unknown-watch-error.ts";
export {
  evolveWatch,
  foldWatch,
  initialWatchState,
  isLive,
  watchEventTypes,
  type WatchDefinition,
  type WatchEvent,
  type WatchEventType,
  type WatchState,
} from "./watch/watch-stream.ts";
export {
  alertDeliveredEventId,
  alertFailedEventId,
  decideDelivered,
  decideDeliveryFailed,
  decideWatch,
  DISABLE_DELIVERY_AFTER_FAILURES,
  type DeliveryAttempt,
  type WatchCommand,
} from "./watch/decide-watch.ts";
export { compileWatch, decideMatch, watchMatchedEventId, type ArticleFacts, type CompiledWatch } from "./watch/decide-match.ts";
export { isEmptyQuery, normaliseText, parseQuery, tokenise, type ParsedQuery, type QueryTerm } from "./watch/parse-query.ts";
export { indexText, matchesQuery, type IndexedText } from "./watch/match-query.ts";
export { decideStory, storyEventTypes, storyIdFor, taggedForCause, type StoryAssignment, type StoryEventType } from "./story/decide-story.ts";
