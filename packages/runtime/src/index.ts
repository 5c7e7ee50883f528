export { createRuntime, type Runtime, type RuntimeOptions } from "./create-runtime.ts";
export { ensureServices, ServicesUnavailableError, type Services } from "./ensure-services.ts";
export { loadArticle, evolveArticle, type ArticleState } from "./article-state.ts";
export { appendArticleEvent, outcomeEventId, type ArticleJobRef } from "./append-article-event.ts";
