/** Raw input of {@link extractArticle}. */
export interface ExtractInput {
  /** The page, as bytes (charset detected) or as an already decoded string. */
  html: string | Uint8Array;
  /** The URL the page was fetched from; relative links are resolved against it. */
  url: string;
  /** The HTTP `Content-Type` header, if any (its `charset` wins over the page's own declaration). */
  contentType?: string;
}

/** Limits applied by {@link extractArticle}. */
export interface ExtractOptions {
  /**
   * Pages larger than this (bytes, or UTF-16 code units for strings) are refused with
   * `kind: 'error'`, `error: 'too-large'`.
   * @defaultValue 10 MiB
   */
  maxBytes?: number;
  /**
   * Documents nested deeper than this are refused with `error: 'too-deep'`: no real page comes
   * near it, and hostile nesting would otherwise cost stack and time.
   * @defaultValue 1000
   */
  maxDepth?: number;
}

/** What a page is, as far as extraction can tell. */
export type PageKind = "article" | "listing" | "paywall" | "error";

/** The result of {@link extractArticle}. */
export interface ExtractedArticle {
  kind: PageKind;
  /** Reason when `kind === 'error'`: 'too-large', 'too-deep', 'binary', 'empty'. */
  error?: string;
  title?: string;
  /** Main text, one paragraph (or heading, or list item) per line; '' when none. */
  text: string;
  /** Description or standfirst. */
  lead?: string;
  authors: string[];
  /** ISO-8601 UTC. */
  publishedAt?: string;
  /** ISO-8601 UTC. */
  modifiedAt?: string;
  /** BCP47 primary subtag, lower case ('fr', 'en'). */
  language?: string;
  /** Absolute http(s) URL. */
  canonicalUrl?: string;
  siteName?: string;
  imageUrl?: string;
  wordCount: number;
  isLiveBlog: boolean;
}
