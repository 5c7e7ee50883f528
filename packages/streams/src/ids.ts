import { createHash } from "node:crypto";
import { canonicalizeUrl } from "@vigie/dedup/url";

const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** An article's id: sha256 of its canonical URL. Throws `InvalidUrlError` on a URL that cannot be canonicalised. */
export function articleIdFor(url: string): string {
  return sha256Hex(canonicalizeUrl(url).canonical);
}

/** A feed's id: stable for the same (canonical) feed URL. */
export function feedIdFor(url: string): string {
  return sha256Hex(canonicalizeUrl(url).canonical).slice(0, 16);
}
