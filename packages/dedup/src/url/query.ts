import { decodeParamName, normalizePercentEncoding } from "./percent-encoding.ts";

/** One `name=value` pair kept in its encoded form, with the decoded name for matching. */
export interface QueryParam {
  raw: string;
  name: string;
  value: string;
}

/**
 * Splits a query without re-encoding it: URLSearchParams would rewrite `%20` as `+` and escape
 * characters the server may treat differently, so the raw pairs are kept as they came.
 */
export function parseQuery(search: string): QueryParam[] {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (!query) return [];
  return query
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const raw = normalizePercentEncoding(part);
      const eq = raw.indexOf("=");
      const name = decodeParamName(eq < 0 ? raw : raw.slice(0, eq)).toLowerCase();
      const value = eq < 0 ? "" : decodeParamName(raw.slice(eq + 1)).toLowerCase();
      return { raw, name, value };
    });
}

/** Sorted by name; a stable sort keeps repeated names (`a=1&a=2`) in their original order. */
export function formatQuery(params: readonly QueryParam[]): string {
  const sorted = [...params].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.length ? `?${sorted.map((p) => p.raw).join("&")}` : "";
}
