export { startDeduplicator, type DeduplicatorOptions } from "./start-deduplicator.ts";
export { deduplicateArticle, decisionEvent, recordDedupFailure } from "./deduplicate-article.ts";
