export { startFixtureSite, bulkArticlePage, type FixtureSite, type FixtureSiteOptions } from "./start-fixture-site.ts";
export { loadArticles, type FixtureArticle } from "./load-articles.ts";
