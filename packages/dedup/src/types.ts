/** What the deduplicator needs to know about one fetched article. */
export interface DedupInput {
  /** sha256 hex of the article's canonical URL. */
  articleId: string;
  url: string;
  /** The page's rel=canonical or og:url, if any. */
  pageCanonicalUrl?: string | undefined;
  title?: string | undefined;
  text: string;
  /** ISO-8601; when absent, unparsable or more than a day ahead, the decision time is used. */
  publishedAt?: string | undefined;
  /** Site host; defaults to the registrable domain of the canonical URL. */
  source?: string | undefined;
}

export type DuplicateMethod = "url" | "text-hash" | "title" | "near-duplicate";

export type DedupDecision =
  | { kind: "accepted"; clusterId: string; canonicalUrl: string; matchKey: string; textHash: string; revision: number }
  | {
      kind: "duplicate";
      /** The stored article this copy matched best (itself possibly a copy of `clusterId`). */
      originalArticleId: string;
      clusterId: string;
      method: DuplicateMethod;
      /** 1 for exact methods; estimated Jaccard or containment for near duplicates. */
      similarity: number;
      revision: number;
    }
  | { kind: "revised"; revision: number; previousTextHash: string; textHash: string; diffChars: number; clusterId: string }
  | { kind: "unchanged"; revision: number }
  | { kind: "failed"; reason: string; detail?: string };

export type FailedDecision = Extract<DedupDecision, { kind: "failed" }>;
