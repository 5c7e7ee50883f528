export { startFeedPoller, type FeedPollerOptions } from "./start-feed-poller.ts";
export { pollFeed, recordPollFailure, type PollerDeps } from "./poll-feed.ts";
export { resolveFeedUrl, FeedNotFoundError } from "./resolve-feed-url.ts";
