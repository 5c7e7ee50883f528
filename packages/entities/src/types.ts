/** Entity classes, as in the CoNLL-2003 scheme. */
export type EntityType = "PER" | "ORG" | "LOC" | "MISC";

/** One occurrence of an entity in the text. Offsets are UTF-16 indices (JavaScript string indices), end exclusive. */
export interface Mention {
  start: number;
  end: number;
  text: string;
  type: EntityType;
  /** Wikidata QID (`Q41183`), GeoNames id (`geonames:…`) or deterministic local id (`local:per:lin-jian`); 1..256 chars. */
  entityId: string;
  /** 0..1, from the model's per-token scores (alias-table gap fills get a fixed value). */
  confidence: number;
}

/** Mentions aggregated by entity id. */
export interface EntitySummary {
  entityId: string;
  name: string;
  type: EntityType;
  count: number;
}

export interface TagResult {
  /** ISO 639-1 code of the detected (or forced) language; `und` when nothing could be detected. */
  language: string;
  mentions: Mention[];
  entities: EntitySummary[];
}

/** Options for one `tag` call. */
export interface TagOptions {
  /**
   * Language of the text. `auto` detects it; texts in other languages are tagged with the closer of
   * the two models and `language` reports the detected code.
   * @defaultValue "auto"
   */
  language?: "fr" | "en" | "auto";
}

export interface Tagger {
  /** Never throws; time is linear in the text length and bounded by the input caps. */
  tag(text: string, options?: TagOptions): TagResult;
}

export const ENTITY_TYPES: readonly EntityType[] = ["PER", "ORG", "LOC", "MISC"];

export function isEntityType(value: string): value is EntityType {
  return value === "PER" || value === "ORG" || value === "LOC" || value === "MISC";
}
