import { createHash } from "node:crypto";

/**
 * The comparable form of a text: compatibility-decomposed (NFKD), diacritics and case removed,
 * every run of non-letters/digits collapsed to one space. Copies that differ only by typography
 * (curly quotes, non-breaking spaces, ligatures, missing accents on capitals) become equal.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** sha256 hex of `normalizeText(text)`. */
export function textHash(text: string): string {
  return createHash("sha256").update(normalizeText(text)).digest("hex");
}

/**
 * The comparable form of a headline. Sites append their name after a separator (`Title | Site`,
 * `Title - Site`) only on some pages, so a trailing segment after ` | `, ` - ` or ` — ` is dropped
 * when what remains still has at least four words.
 */
export function normalizeTitle(title: string): string {
  const parts = title.split(/\s+[|–—-]\s+/);
  const head = parts.length > 1 ? parts.slice(0, -1).join(" ") : title;
  const normalized = normalizeText(head);
  return normalized.split(" ").length >= 4 ? normalized : normalizeText(title);
}
