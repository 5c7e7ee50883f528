/** Options of {@link safeFetch}. */
export interface SafeFetchOptions {
  /** Identifying User-Agent sent on every request, e.g. `vigie/0.1 (+https://example.org/bot)`. */
  userAgent: string;
  /**
   * Budget for the whole exchange: DNS, connect, every redirect hop, headers and body.
   * @defaultValue 20000
   */
  timeoutMs?: number;
  /**
   * Budget for establishing one TCP (and TLS) connection.
   * @defaultValue 10000
   */
  connectTimeoutMs?: number;
  /**
   * Largest body accepted, counted after content decoding (so a gzip bomb is cut off too).
   * @defaultValue 15728640 (15 MiB)
   */
  maxBytes?: number;
  /**
   * Redirects followed before giving up with `too-many-redirects`.
   * @defaultValue 5
   */
  maxRedirects?: number;
  /**
   * Host names, IP addresses or CIDR ranges that may be fetched although private, loopback or
   * link-local (demo sites, tests). A host name entry trusts whatever that name resolves to.
   * @defaultValue []
   */
  allowHosts?: string[];
  /** Extra request headers. `authorization` and `cookie` are dropped when a redirect leaves the origin. */
  headers?: Record<string, string>;
  /** Aborts the fetch (reason `aborted`). */
  signal?: AbortSignal;
  /**
   * Request method. A `POST` (webhooks) is never redirected: set `maxRedirects: 0` and a 3xx
   * comes back as `too-many-redirects`.
   * @defaultValue "GET"
   */
  method?: "GET" | "POST";
  /** Request body (with `method: "POST"`). */
  body?: string | Uint8Array;
  /**
   * `Accept` request header.
   * @defaultValue any type (star slash star)
   */
  accept?: string;
}

/** A complete HTTP response, whatever its status. */
export interface SafeResponse {
  /** URL of the last hop, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  /** Decoded body (content-encoding removed), at most `maxBytes` long. */
  body: Uint8Array;
  /** Every redirect followed, in order. */
  redirects: { from: string; to: string; status: number }[];
  durationMs: number;
}
