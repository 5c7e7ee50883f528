export { decodeHtml } from "./decode-html.ts";
export { extractArticle } from "./extract-article.ts";
export type { ExtractedArticle, ExtractInput, ExtractOptions, PageKind } from "./types.ts";
