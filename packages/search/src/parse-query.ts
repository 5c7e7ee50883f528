import { InvalidSearchQueryError } from "./invalid-search-query-error.ts";

/** Longest query text accepted. */
export const MAX_QUERY_LENGTH = 500;

/**
 * A web-search query, checked and described. `text` is what Postgres parses
 * (`websearch_to_tsquery`, once per text search configuration); the lists say what a person
 * asked for, for display and for callers that store queries (watches).
 */
export interface SearchQuery {
  text: string;
  /** Words that must appear (stemmed and unaccented by the article's configuration). */
  terms: string[];
  /** Quoted phrases: their words, adjacent and in order. */
  phrases: string[];
  /** Words and phrases after a `-`: articles containing them are left out. */
  excluded: string[];
  /** true when `or` joins alternatives (`a or b`): one of them is enough. */
  hasOr: boolean;
}

const TOKEN = /(-?)"([^"]*)"?|(\S+)/g;

/**
 * Checks and describes a query in web-search syntax: `"a phrase"`, `-word`, `-"a phrase"`,
 * `a or b`; other words are all required. Throws {@link InvalidSearchQueryError} when nothing
 * positive is asked (an empty query, or only negations, which no index can answer).
 */
export function parseQuery(input: string): SearchQuery {
  const text = input.replace(/\s+/g, " ").trim();
  if (text.length === 0) throw new InvalidSearchQueryError("the query is empty");
  if (text.length > MAX_QUERY_LENGTH) throw new InvalidSearchQueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
  const query: SearchQuery = { text, terms: [], phrases: [], excluded: [], hasOr: false };
  for (const match of text.matchAll(TOKEN)) {
    const [, negated, phrase, word] = match;
    if (phrase !== undefined) {
      const words = phrase.replace(/\s+/g, " ").trim();
      if (words === "") continue;
      (negated ? query.excluded : query.phrases).push(words);
    } else if (word !== undefined) {
      if (word.toLowerCase() === "or") {
        query.hasOr = true;
        continue;
      }
      const bare = word.replace(/^-+/, "");
      if (!/[\p{L}\p{N}]/u.test(bare)) continue;
      (word.startsWith("-") ? query.excluded : query.terms).push(bare);
    }
  }
  if (query.terms.length + query.phrases.length === 0) throw new InvalidSearchQueryError("the query needs at least one word or phrase that is not negated");
  return query;
}
