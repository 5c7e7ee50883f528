/**
 * A web-search query, parsed: `"a phrase"`, `-word` or `-"a phrase"` (excluded), `or` between
 * two terms (either), everything else required. Case and accents do not matter (`Élysée` =
 * `elysee`), nor a plural `s` (`élections` = `election`), in French and English alike.
 */
export interface ParsedQuery {
  /** Every group must match; a group matches when one of its terms does. */
  required: QueryTerm[][];
  /** No term may match. */
  excluded: QueryTerm[];
}

/** A term: its normalised tokens, one for a word, several (in order) for a phrase. */
export type QueryTerm = readonly string[];

/**
 * Lower case, accents and other combining marks removed, ligatures spelt out. Apostrophes and
 * hyphens separate tokens, so `l'Élysée` gives `l` and `elysee`.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .replace(/ß/g, "ss")
    .toLowerCase();
}

/** A token without its plural `s` (tokens of four letters or more: `bus`, `gaz` and `fils` keep theirs only when shorter). */
function foldToken(token: string): string {
  return token.length >= 4 && token.endsWith("s") && !token.endsWith("ss") ? token.slice(0, -1) : token;
}

/** The normalised, folded tokens of a text, in order. */
export function tokenise(text: string): string[] {
  return (normaliseText(text).match(/[\p{L}\p{N}]+/gu) ?? []).map(foldToken);
}

type Lexeme = { kind: "term"; tokens: string[]; negated: boolean } | { kind: "or" };

function lex(query: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] ?? "";
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const negated = ch === "-" && i + 1 < query.length && !/\s/u.test(query[i + 1] ?? " ");
    if (negated) i++;
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      const end = close === -1 ? query.length : close;
      const tokens = tokenise(query.slice(i + 1, end));
      if (tokens.length > 0) lexemes.push({ kind: "term", tokens, negated });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/u.test(query[end] ?? " ") && query[end] !== '"') end++;
    const word = query.slice(i, end);
    i = end;
    if (!negated && (word === "or" || word === "OR" || word === "Or" || word === "|")) {
      lexemes.push({ kind: "or" });
      continue;
    }
    // `Jean-Luc` or `aujourd'hui` inside a word: a phrase of its parts.
    const tokens = tokenise(word);
    if (tokens.length > 0) lexemes.push({ kind: "term", tokens, negated });
  }
  return lexemes;
}

/** Parses a query; never throws (stray quotes, a lone `or` or `-` are ignored, as search engines do). */
export function parseQuery(query: string): ParsedQuery {
  const required: QueryTerm[][] = [];
  const excluded: QueryTerm[] = [];
  let joinNext = false;
  for (const lexeme of lex(query)) {
    if (lexeme.kind === "or") {
      joinNext = required.length > 0;
      continue;
    }
    if (lexeme.negated) {
      excluded.push(lexeme.tokens);
      joinNext = false;
      continue;
    }
    const last = required.at(-1);
    if (joinNext && last) last.push(lexeme.tokens);
    else required.push([lexeme.tokens]);
    joinNext = false;
  }
  return { required, excluded };
}

/** True when the query has nothing to look for (only stop characters, or only exclusions). */
export function isEmptyQuery(query: ParsedQuery): boolean {
  return query.required.length === 0 && query.excluded.length === 0;
}
