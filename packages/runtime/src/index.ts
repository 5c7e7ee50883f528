export { createRuntime, type Runtime, type RuntimeOptions } from "./create-runtime.ts";
export { ensureServices, ServicesUnavailableError, type Services } from "./ensure-services.ts";
export { loadFeed, registerFeed, changeFeed } from "./feed-commands.ts";
export { loadArticle, appendToArticle, recordArticleFailure } from "./article-stream-io.ts";
