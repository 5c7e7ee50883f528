export { startFixtureSite, bulkArticlePage, type FixtureSite, type FixtureSiteOptions } from "./start-fixture-site.ts";
export { loadArticles, type FixtureArticle } from "./load-articles.ts";
export { HOSTILE_FEEDS, HOSTILE_PAGES, type HostileFeed, type HostilePage, type HostileRoutes, type HostileRoutesOptions } from "./hostile-routes.ts";
