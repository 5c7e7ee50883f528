import { tokenise, type ParsedQuery, type QueryTerm } from "./parse-query.ts";

/** A text prepared for matching many queries: its tokens and where each one occurs. */
export interface IndexedText {
  positions: ReadonlyMap<string, readonly number[]>;
  tokens: readonly string[];
}

export function indexText(text: string): IndexedText {
  const tokens = tokenise(text);
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const list = positions.get(token);
    if (list) list.push(i);
    else positions.set(token, [i]);
  });
  return { positions, tokens };
}

function hasTerm(text: IndexedText, term: QueryTerm): boolean {
  const [first, ...rest] = term;
  if (first === undefined) return false;
  const starts = text.positions.get(first);
  if (!starts) return false;
  if (rest.length === 0) return true;
  return starts.some((start) => rest.every((token, k) => text.tokens[start + 1 + k] === token));
}

/** Whether a parsed query matches a text: every group has a term present, no excluded term is. */
export function matchesQuery(query: ParsedQuery, text: IndexedText): boolean {
  return query.required.every((group) => group.some((term) => hasTerm(text, term))) && !query.excluded.some((term) => hasTerm(text, term));
}
