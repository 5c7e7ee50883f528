import { normalizeSpace } from "./dom.ts";
import { wordTokens } from "./text-tokens.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

/** JSON-LD bodies sometimes carry HTML; reduce them to plain paragraphs. */
export function plainJsonLdBody(body: string): string {
  const text = /<[a-z!/]/i.test(body)
    ? body.replace(/<(br|\/p|\/div|\/h\d|\/li)\b[^>]*>/gi, "\n").replace(/<[^>]*>/g, " ")
    : body;
  return text
    .replace(/&(#?\w+);/g, (m, name: string) => ENTITIES[name] ?? (name.startsWith("#") ? safeCodePoint(name.slice(1)) ?? m : m))
    .split(/\n+/)
    .map(normalizeSpace)
    .filter((l) => l !== "")
    .join("\n");
}

function safeCodePoint(num: string): string | undefined {
  const code = num.startsWith("x") || num.startsWith("X") ? Number.parseInt(num.slice(1), 16) : Number.parseInt(num, 10);
  return Number.isInteger(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : undefined;
}

/**
 * Uses the publisher's own `articleBody` as a strong signal. When the DOM text misses much of it,
 * the DOM choice was wrong and the JSON-LD body is returned; when the DOM text carries lines
 * the body does not know (widgets inside the container), those lines are dropped.
 */
export function reconcileWithJsonLd(domText: string, articleBody: string | undefined): string {
  if (articleBody === undefined) return domText;
  const ldText = plainJsonLdBody(articleBody);
  const ldTokens = wordTokens(ldText);
  if (ldTokens.length < 30) return domText;
  const ldSet = new Set(ldTokens);
  const domTokens = wordTokens(domText);
  const domSet = new Set(domTokens);
  let covered = 0;
  for (const t of ldSet) if (domSet.has(t)) covered++;
  const recall = covered / ldSet.size;
  if (recall < 0.7) return ldText;
  if (ldTokens.length < 0.5 * domTokens.length) return domText;
  const kept = domText.split("\n").filter((line) => {
    const tokens = wordTokens(line);
    if (tokens.length === 0) return false;
    let known = 0;
    for (const t of tokens) if (ldSet.has(t)) known++;
    return known / tokens.length >= 0.5;
  });
  return kept.join("\n");
}
