export { startTagger, type TaggerOptions } from "./start-tagger.ts";
export { tagArticle, recordTaggingFailure } from "./tag-article.ts";
