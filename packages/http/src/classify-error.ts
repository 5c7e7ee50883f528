import { HttpFetchError } from "./http-fetch-error.ts";
import type { HttpFetchErrorReason } from "./http-fetch-error.ts";

const BY_CODE: Record<string, HttpFetchErrorReason> = {
  UND_ERR_CONNECT_TIMEOUT: "connect-timeout",
  ETIMEDOUT: "connect-timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  ECONNREFUSED: "connection-refused",
  ECONNRESET: "connection-reset",
  EPIPE: "connection-reset",
  UND_ERR_SOCKET: "connection-reset",
  UND_ERR_CLOSED: "connection-reset",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  ENODATA: "dns",
};

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  return typeof err.code === "string" ? err.code : undefined;
}

/**
 * Maps whatever undici, the DNS resolver or the socket threw to one `HttpFetchError`. undici's
 * fetch wraps the real cause in `TypeError('fetch failed')`, so the cause chain is walked.
 */
export function classifyError(err: unknown, url: string, context: { timedOut: boolean; aborted: boolean; status?: number }): HttpFetchError {
  const extra = { cause: err, url, ...(context.status === undefined ? {} : { status: context.status }) };
  if (context.timedOut) return new HttpFetchError("timeout", `timed out fetching ${url}`, extra);
  if (context.aborted) return new HttpFetchError("aborted", `fetch of ${url} was aborted`, extra);
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (current instanceof HttpFetchError) return current;
    const code = codeOf(current);
    if (code !== undefined) {
      const reason = BY_CODE[code] ?? (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) ? "tls" : undefined);
      if (reason) return new HttpFetchError(reason, `${reason} fetching ${url} (${code})`, extra);
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new HttpFetchError("network", `network error fetching ${url}: ${message}`, extra);
}
