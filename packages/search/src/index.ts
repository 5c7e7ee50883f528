export { parseQuery, MAX_QUERY_LENGTH, type SearchQuery } from "./parse-query.ts";
export { InvalidSearchQueryError } from "./invalid-search-query-error.ts";
export { searchCondition, rowQuery } from "./search-condition.ts";
export { articleFilters, type ArticleFilters } from "./article-filters.ts";
export { searchArticles, markHighlights, RANK_WINDOW, type SearchHit, type SearchOptions, type ProjArticleRow } from "./search-articles.ts";
export { attention, bucketRange, MAX_BUCKETS, type AttentionOptions, type AttentionSeries, type AttentionInterval, type AttentionBy } from "./attention.ts";
export { trendingEntities, trendScore, type TrendingOptions, type TrendingEntity } from "./trending.ts";
