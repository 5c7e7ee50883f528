export { startDeduplicator, type DeduplicatorOptions } from "./start-deduplicator.ts";
export { deduplicateArticle, recordDedupFailure } from "./deduplicate-article.ts";
