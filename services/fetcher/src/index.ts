export { startFetcher, type FetcherOptions } from "./start-fetcher.ts";
export { fetchArticle, recordFetchFailure, MAX_TEXT_CHARS } from "./fetch-article.ts";
