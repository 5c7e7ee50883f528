const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * RFC 3986 §6.2.2 normalisation of an already-encoded component: escapes of unreserved characters
 * are decoded (`%7E` → `~`) and the hex digits of every other escape are upper-cased. Reserved
 * characters stay encoded, so the component keeps its meaning.
 */
export function normalizePercentEncoding(component: string): string {
  return component.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** The decoded name of a query parameter, for comparison only (never written back). */
export function decodeParamName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return raw;
  }
}
