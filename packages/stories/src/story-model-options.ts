export interface StoryModelOptions {
  /** Least score to join an open story; below it the article starts one (chosen on the odd-numbered half of the evaluation set). @defaultValue 0.12 */
  threshold?: number;
  /** An article that scores this much with two stories merges them. @defaultValue 0.55 */
  mergeThreshold?: number;
  /** A live-blog revision moves only to a story that beats its own by this much. @defaultValue 0.1 */
  moveMargin?: number;
  /** A story with no article for this long is closed (forgotten). @defaultValue 96 */
  windowHours?: number;
  /** Time proximity: the score is multiplied by exp(−Δh / this). @defaultValue 72 */
  timeScaleHours?: number;
  /** Weights of the three similarities (renormalised when a story has no words in the article's language). @defaultValue 0.4, 0.3, 0.3 */
  weights?: { entities: number; terms: number; crossLingual: number };
  /**
   * Features in more open stories than this find no candidates (they still score): an article
   * finds its story through what is rare, and common words would make every decision a scan. @defaultValue 500
   */
  maxPosting?: number;
  /** Candidates scored exactly, best partial scores first. @defaultValue 40 */
  shortlist?: number;
  /** Features a story keeps (the heaviest). @defaultValue 150 */
  maxStoryFeatures?: number;
  /** Distinct features counted for rarity before the counts are halved. @defaultValue 500000 */
  maxVocabulary?: number;
  /** Score every open story instead of the index's shortlist: the baseline of the benchmark and tests. @defaultValue false */
  exhaustive?: boolean;
}

/** The options with their defaults filled in. */
export function resolveStoryModelOptions(options: StoryModelOptions = {}): Required<StoryModelOptions> {
  return {
    threshold: 0.12,
    mergeThreshold: 0.55,
    moveMargin: 0.1,
    windowHours: 96,
    timeScaleHours: 72,
    weights: { entities: 0.4, terms: 0.3, crossLingual: 0.3 },
    maxPosting: 500,
    shortlist: 40,
    maxStoryFeatures: 150,
    maxVocabulary: 500_000,
    exhaustive: false,
    ...options,
  };
}
