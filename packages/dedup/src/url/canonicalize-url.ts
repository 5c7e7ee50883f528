import { getDomain, getPublicSuffix } from "tldts";
import { InvalidUrlError } from "../errors/invalid-url-error.ts";
import { normalizePercentEncoding } from "./percent-encoding.ts";
import { formatQuery, parseQuery, type QueryParam } from "./query.ts";
import { isTrackingParam, SESSION_PARAMS, VARIANT_PARAMS } from "./tracking-params.ts";

export interface CanonicalUrl {
  /** The input, trimmed. */
  url: string;
  /** Safe normal form: the same page for any server. */
  canonical: string;
  /** Lossy key without scheme: equal keys are treated as the same article (AMP, mobile, www). */
  matchKey: string;
}

export interface CanonicalizeUrlOptions {
  /**
   * The page's own `<link rel=canonical>` or `og:url`, absolute or relative to `url`. Used instead
   * of `url` when it is a valid http(s) URL on the same site (same registrable domain) and does not
   * point at the site's home page from a deeper page (a common CMS misconfiguration).
   * @defaultValue none
   */
  pageCanonicalUrl?: string | undefined;
}

const HOST_VARIANT_PREFIXES = ["www.", "www1.", "www2.", "m.", "mobile.", "amp.", "mobil."];
const DIRECTORY_INDEX = /\/(?:index|default)\.(?:html?|shtml|php|aspx?)$/i;

/** Parses and checks an absolute http(s) URL; every failure is an `InvalidUrlError`. */
function parseHttpUrl(input: string, base?: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(input) && !/^https?:/i.test(input)) {
    throw new InvalidUrlError("unsupported-scheme", input);
  }
  if (/^https?:\/*(?:[?#]|$)/i.test(input)) throw new InvalidUrlError("no-host", input);
  let parsed: URL;
  try {
    parsed = new URL(input, base);
  } catch (cause) {
    throw new InvalidUrlError("bad-url", input, { cause });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new InvalidUrlError("unsupported-scheme", input);
  if (parsed.hostname.replace(/\.+$/, "") === "") throw new InvalidUrlError("no-host", input);
  return parsed;
}

function canonicalParts(parsed: URL): { scheme: string; host: string; path: string; params: QueryParam[] } {
  // WHATWG parsing already lower-cases scheme and host, converts IDN to punycode, drops the
  // default port and resolves dot segments.
  const hostname = parsed.hostname.replace(/\.+$/, "");
  const host = parsed.port ? `${hostname}:${parsed.port}` : hostname;
  const path = normalizePercentEncoding(parsed.pathname).replace(/;(?:jsessionid|phpsessid)=[^/?]*/gi, "");
  const params = parseQuery(parsed.search).filter((p) => !isTrackingParam(p.name) && !SESSION_PARAMS.has(p.name));
  return { scheme: parsed.protocol.slice(0, -1), host, path: path || "/", params };
}

function stripHostVariant(host: string): string {
  let current = host;
  for (;;) {
    const prefix = HOST_VARIANT_PREFIXES.find((p) => current.startsWith(p));
    if (!prefix) return current;
    const rest = current.slice(prefix.length);
    // Never strip down to a public suffix (`m.co.uk` stays as it is).
    if (!rest.includes(".") || getPublicSuffix(rest, { allowPrivateDomains: true }) === rest) return current;
    current = rest;
  }
}

function matchPath(path: string): string {
  let p = path.replace(/\/{2,}/g, "/");
  // An `amp` segment anywhere (`/amp/news/a`, `/news/amp/a`, `/article-123/amp/`, `/uk/amp/news/a`)
  // marks the AMP rendering of the page without it; publishers put it wherever their router wants.
  p = p.replace(/\/amp(?=\/|$)/gi, "");
  p = p.replace(/\.amp\.html?$/i, ".html").replace(/\.amp$/i, "");
  p = p.replace(DIRECTORY_INDEX, "/");
  return p.replace(/\/+$/, "");
}

function isVariantParam(p: QueryParam): boolean {
  if (!VARIANT_PARAMS.has(p.name)) return false;
  const values = VARIANT_PARAMS.get(p.name);
  return values === null || values === undefined || values.has(p.value);
}

function siteOf(hostname: string): string {
  return getDomain(hostname, { allowPrivateDomains: true }) ?? hostname;
}

/**
 * Canonical form and lossy match key of an article URL.
 * @throws InvalidUrlError for anything but an absolute http(s) URL with a host.
 */
export function canonicalizeUrl(url: string, options: CanonicalizeUrlOptions = {}): CanonicalUrl {
  const input = url.trim();
  let parsed = parseHttpUrl(input);
  if (options.pageCanonicalUrl) {
    try {
      const page = parseHttpUrl(options.pageCanonicalUrl.trim(), parsed.href);
      const homeFromDeeper = page.pathname === "/" && !page.search && parsed.pathname !== "/";
      if (!homeFromDeeper && siteOf(page.hostname) === siteOf(parsed.hostname)) parsed = page;
    } catch (err) {
      // A broken rel=canonical is the page's problem, not the article's: keep the fetched URL.
      if (!(err instanceof InvalidUrlError)) throw err;
    }
  }
  const { scheme, host, path, params } = canonicalParts(parsed);
  const canonical = `${scheme}://${host}${path}${formatQuery(params)}`;
  const matchKey = `${stripHostVariant(host)}${matchPath(path)}${formatQuery(params.filter((p) => !isVariantParam(p)))}`;
  return { url: input, canonical, matchKey };
}
