/** One entry of a feed, normalised. */
export interface FeedItem {
  /** Stable identity: GUID/id, else canonical link, else `sha256:` of title and date (see `itemIdentity`). */
  id: string;
  /** The GUID / Atom id / JSON Feed id as published, kept so the next poll can judge GUID health. */
  guid?: string;
  title?: string;
  /** Absolute http(s) URL. */
  link?: string;
  /** ISO-8601 UTC. */
  published?: string;
  /** ISO-8601 UTC. */
  updated?: string;
  author?: string;
  /** Plain text, at most 500 characters. */
  summary?: string;
  categories: string[];
  enclosures: FeedEnclosure[];
}

export interface FeedEnclosure {
  url: string;
  type?: string;
  length?: number;
}

export type FeedFormat = "rss" | "atom" | "rdf" | "json";

export interface ParsedFeed {
  title?: string;
  /** The site's home page. */
  link?: string;
  /** BCP 47 tag, e.g. `fr-FR`. */
  language?: string;
  /** RSS `<description>`, Atom `<subtitle>`, JSON Feed `description`: plain text. */
  description?: string;
  format: FeedFormat;
  /** RSS `<ttl>`. */
  ttlMinutes?: number;
  /** `sy:updatePeriod` / `sy:updateFrequency`, in minutes. */
  updatePeriodMinutes?: number;
  items: FeedItem[];
}

/** A feed item before identity is assigned. */
export type FeedItemDraft = Omit<FeedItem, "id">;
