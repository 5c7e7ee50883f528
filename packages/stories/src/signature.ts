import { MAX_PHRASE_WORDS, type BilingualLexicon } from "./bilingual-lexicon.ts";
import { isStopword, words } from "./text-features.ts";

/** What the story model knows of an article: the stage builds it from its stream. */
export interface StoryArticle {
  articleId: string;
  /** `fr`, `en`, … (anything else is compared as its own language). */
  language: string;
  /** Publication time (ms epoch); the stage falls back to the fetch time. */
  publishedAt: number;
  title: string;
  lead: string;
  /** Linked entity ids with their mention counts (from EntitiesTagged). */
  entities: readonly { entityId: string; count: number }[];
}

/**
 * The weighted features of one article, capped so that a story's memory is bounded and so that
 * the event can carry them (the model is rebuilt from the events alone).
 * - `e:<id>` linked entities (language-independent);
 * - `t:<lang>:<word>` title and lead words, compared within a language;
 * - `x:<…>` cross-lingual keys: lexicon concepts, names spelled alike in both languages, numbers.
 */
export interface Signature {
  language: string;
  publishedAt: number;
  features: Record<string, number>;
}

export interface SignatureOptions {
  /** Entity features kept (most mentioned first). @defaultValue 16 */
  maxEntities?: number;
  /** Word features kept (title words first). @defaultValue 20 */
  maxTerms?: number;
  /** Cross-lingual features kept. @defaultValue 16 */
  maxCrossLingual?: number;
}

const top = (weights: Map<string, number>, n: number): [string, number][] => [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);

const round = (x: number) => Math.round(x * 1000) / 1000;

export function articleSignature(article: StoryArticle, lexicon: BilingualLexicon, options: SignatureOptions = {}): Signature {
  const entities = new Map<string, number>();
  for (const e of article.entities) entities.set(`e:${e.entityId}`, 1 + Math.log(Math.max(1, e.count)));
  const terms = new Map<string, number>();
  const cross = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, w: number) => map.set(key, (map.get(key) ?? 0) + w);
  const language = article.language === "fr" || article.language === "en" ? article.language : article.language || "und";
  for (const [text, weight] of [
    [article.title, 2],
    [article.lead, 1],
  ] as const) {
    const ws = words(text);
    for (let i = 0; i < ws.length; i++) {
      const word = ws[i];
      if (!word) continue;
      // Lexicon phrases, longest first, so "premier ministre" is one concept and not two.
      let matched = 0;
      for (let n = Math.min(MAX_PHRASE_WORDS, ws.length - i); n >= 1 && matched === 0; n--) {
        const phrase = ws
          .slice(i, i + n)
          .map((w) => w.key)
          .join(" ");
        if (n === 1 && isStopword(phrase)) break;
        const concept = (n > 1 || phrase.length >= 3) && lexiconLookup(lexicon, phrase);
        if (concept) {
          add(cross, `x:${concept}`, weight);
          matched = n;
        }
      }
      if (isStopword(word.key)) continue;
      if (/^\d+$/.test(word.key)) {
        // Numbers are language-free; single digits are too common to mean anything.
        if (word.key.length >= 2) add(cross, `x:n:${word.key}`, weight);
        continue;
      }
      if (word.key.length < 3) continue;
      add(terms, `t:${language}:${word.key}`, weight);
      if (word.proper && matched === 0) add(cross, `x:p:${word.key}`, weight);
    }
  }
  const features: Record<string, number> = {};
  for (const [k, w] of top(entities, options.maxEntities ?? 16)) features[k] = round(w);
  for (const [k, w] of top(terms, options.maxTerms ?? 20)) features[k] = round(1 + Math.log(w));
  for (const [k, w] of top(cross, options.maxCrossLingual ?? 16)) features[k] = round(1 + Math.log(w));
  return { language, publishedAt: article.publishedAt, features };
}

function lexiconLookup(lexicon: BilingualLexicon, phrase: string): string | undefined {
  return lexicon.lookup(phrase);
}
