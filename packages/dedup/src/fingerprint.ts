import { getDomain } from "tldts";
import type { ResolvedDedupOptions } from "./dedup-options.ts";
import { InvalidUrlError } from "./errors/invalid-url-error.ts";
import { lshBandKeys, minhash } from "./minhash/minhash-signature.ts";
import { normalizeText, normalizeTitle, textHash } from "./text/normalize-text.ts";
import type { DedupInput, FailedDecision } from "./types.ts";
import { canonicalizeUrl } from "./url/canonicalize-url.ts";

/** Everything compared between two articles; pure data, the same in memory and in Postgres. */
export interface Fingerprint {
  articleId: string;
  canonicalUrl: string;
  matchKey: string;
  textHash: string;
  titleKey: string | null;
  source: string | null;
  /** Epoch milliseconds. */
  publishedAt: number;
  signature: Uint32Array;
  shingleCount: number;
  bandKeys: Int32Array;
}

const ARTICLE_ID = /^[0-9a-f]{64}$/;
const DAY_MS = 86_400_000;

function failed(reason: string, detail?: string): FailedDecision {
  return detail === undefined ? { kind: "failed", reason } : { kind: "failed", reason, detail };
}

function sourceOf(input: DedupInput, canonicalUrl: string): string | null {
  const given = input.source
    ?.trim()
    .toLowerCase()
    .replace(/^www\./, "");
  if (given) return given;
  const host = new URL(canonicalUrl).hostname;
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

function publicationTime(publishedAt: string | undefined, now: Date): number {
  const parsed = publishedAt ? Date.parse(publishedAt) : Number.NaN;
  // Feeds carry future dates by mistake; they would open a window no later copy falls into.
  return Number.isNaN(parsed) || parsed > now.getTime() + DAY_MS ? now.getTime() : parsed;
}

/** Checks the input and computes its fingerprints, or says why it cannot be deduplicated. */
export function fingerprint(input: DedupInput, now: Date, options: ResolvedDedupOptions): Fingerprint | FailedDecision {
  if (!ARTICLE_ID.test(input.articleId)) return failed("bad-article-id", "articleId must be a sha256 hex digest");
  if (typeof input.text !== "string") return failed("empty-text");
  const bytes = Buffer.byteLength(input.text, "utf8");
  if (bytes > options.maxTextBytes) return failed("text-too-large", `${bytes} bytes > ${options.maxTextBytes}`);
  let url;
  try {
    url = canonicalizeUrl(input.url, { pageCanonicalUrl: input.pageCanonicalUrl });
  } catch (err) {
    if (err instanceof InvalidUrlError) return failed(err.reason, err.message.slice(0, 2000));
    throw err;
  }
  if (normalizeText(input.text) === "") return failed("empty-text", "no letter or digit in the text");
  const { signature, shingleCount } = minhash(input.text, options.minhash);
  const title = input.title ? normalizeTitle(input.title) : "";
  return {
    articleId: input.articleId,
    canonicalUrl: url.canonical,
    matchKey: url.matchKey,
    textHash: textHash(input.text),
    titleKey: title && title.split(" ").length >= options.titleMinWords ? title : null,
    source: sourceOf(input, url.canonical),
    publishedAt: publicationTime(input.publishedAt, now),
    signature,
    shingleCount,
    bandKeys: lshBandKeys(signature, options.lsh),
  };
}
