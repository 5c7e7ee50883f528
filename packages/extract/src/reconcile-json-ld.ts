import { decodeHTML } from "entities";
import { normalizeSpace } from "./dom.ts";
import { wordTokens } from "./text-tokens.ts";

/**
 * JSON-LD bodies sometimes carry HTML, and often HTML entities (`&eacute;`, `&#8217;`, even
 * doubly escaped `&amp;eacute;`): reduce them to plain paragraphs.
 */
export function plainJsonLdBody(body: string): string {
  let text = body;
  // Entities first: escaped markup (`&lt;p&gt;`) becomes markup the next step removes.
  for (let pass = 0; pass < 2 && /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(text); pass++) text = decodeHTML(text);
  if (/<[a-z!/]/i.test(text)) text = text.replace(/<(br|\/p|\/div|\/h\d|\/li)\b[^<>]*>/gi, "\n").replace(/<[^<>]*>/g, " ");
  return text
    .split(/\n+/)
    .map(normalizeSpace)
    .filter((l) => l !== "")
    .join("\n");
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
