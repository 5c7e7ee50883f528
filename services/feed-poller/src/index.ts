export { startFeedPoller, type FeedPollerOptions } from "./start-feed-poller.ts";
export { pollFeed, recordPollFailure, DISABLE_AFTER_FAILURES } from "./poll-feed.ts";
export { loadFeedState, type FeedState } from "./feed-state.ts";
export { registerFeed, feedIdFor } from "./register-feed.ts";
export { resolveFeedUrl, FeedNotFoundError } from "./resolve-feed-url.ts";
