export { createRuntime, type Runtime, type RuntimeOptions } from "./create-runtime.ts";
export { ensureServices, ServicesUnavailableError, type Services } from "./ensure-services.ts";
export { loadFeed, registerFeed, addFeed, changeFeed, type RegisterFeedOptions } from "./feed-commands.ts";
export { checkFeedTarget } from "./check-feed-target.ts";
export { FeedTargetRefusedError } from "./feed-target-refused-error.ts";
export { loadArticle, appendToArticle, recordArticleFailure } from "./article-stream-io.ts";
