/**
 * Key used to look names up in alias tables: case, accents, apostrophes, hyphens and dots are
 * folded so that "États-Unis", "Etats-Unis" and "etats unis" meet, and "U.S." meets "US".
 */
export function aliasKey(name: string): string {
  const lower = name.toLowerCase();
  // Fast path for plain ASCII words, the bulk of alias tables and of text.
  if (/^[a-z0-9]+(?: [a-z0-9]+)*$/.test(lower)) return lower;
  return name
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[’'`´]/g, " ")
    .replace(/(\p{L})\.(?=\p{L}|$|\s)/gu, "$1")
    .replace(/[-‐‑–—_/]/g, " ")
    .replace(/[^\p{L}\p{N} ]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

const LEADING_ARTICLE = /^(?:the|la|le|les|l|du|des|de la|de|d) /;

/** As {@link aliasKey}, with a leading article dropped ("la Syrie" → "syrie"). */
export function aliasKeyNoArticle(name: string): string {
  return aliasKey(name).replace(LEADING_ARTICLE, "");
}

/** Deterministic local id for an entity with no alias: `local:per:lin-jian`. */
export function localId(type: string, name: string): string {
  const slug = aliasKeyNoArticle(name).replace(/ /g, "-").slice(0, 200) || "x";
  return `local:${type.toLowerCase()}:${slug}`;
}
