export type { EntitySummary, EntityType, Mention, Tagger, TagOptions, TagResult } from "./types.ts";
export { loadTagger, loadGazetteer, readBilingualNames, TaggerLoadError, DEFAULT_ALIAS_TABLES, type LoadTaggerOptions } from "./tagger.ts";
export { tokenise, type Token } from "./tokenise.ts";
export { splitSentences } from "./sentences.ts";
export { guessLanguage, type LanguageGuess } from "./language.ts";
export { aliasKey, localId } from "./normalise.ts";
export { ModelFormatError } from "./sequence-model.ts";
export { AliasTableError, entityLabel } from "./gazetteer.ts";
