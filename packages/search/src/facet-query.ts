import type { ArticleFilters } from "./article-filters.ts";

/** A lexeme as a quoted `tsquery` operand: quotes doubled, backslashes escaped. */
const quoteLexeme = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/**
 * The `tsquery` text (`'feed f1' & 'entity Q42'`) matching the facet lexemes that
 * `vigie_search_facets` (migration 0016) adds to each search vector, for the filters that have
 * one (feed, language, entity); `null` when none is given. ANDed with the words, the GIN index
 * intersects the posting lists, so a filter narrows the candidates before any row is read.
 */
export function facetQuery(filters: Pick<ArticleFilters, "feed" | "lang" | "entity">): string | null {
  const lexemes: string[] = [];
  if (filters.feed !== undefined) lexemes.push(`feed ${filters.feed}`);
  if (filters.lang !== undefined) lexemes.push(`lang ${filters.lang}`);
  if (filters.entity !== undefined) lexemes.push(`entity ${filters.entity}`);
  return lexemes.length === 0 ? null : lexemes.map(quoteLexeme).join(" & ");
}
