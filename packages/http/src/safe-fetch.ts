import { Agent, fetch as undiciFetch } from "undici";
import { classifyError } from "./classify-error.ts";
import { HttpFetchError } from "./http-fetch-error.ts";
import { readCappedBody } from "./read-capped-body.ts";
import type { SafeFetchOptions, SafeResponse } from "./safe-fetch-options.ts";
import { checkUrl, createGuardedLookup, parseAllowList, parseFetchableUrl } from "./ssrf-guard.ts";
import type { AllowList } from "./ssrf-guard.ts";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = new Set(["authorization", "cookie", "proxy-authorization"]);

/**
 * GETs a URL defensively: http(s) only, SSRF guard on every hop (checked before the request and
 * again at connect time), redirects followed by hand and reported, total and connect timeouts,
 * body size cap after decompression. Any HTTP status comes back as a response; transport
 * problems throw {@link HttpFetchError}. Uses a fresh connection pool per call; see
 * {@link createSafeFetcher} to keep connections alive across calls.
 */
export async function safeFetch(url: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const allow = parseAllowList(options.allowHosts);
  const agent = createGuardedAgent(allow, options);
  try {
    return await fetchWith(agent, allow, url, options);
  } finally {
    void agent.destroy().catch(() => undefined);
  }
}

/** A `safeFetch` bound to one connection pool, for many fetches with the same policy. */
export interface SafeFetcher {
  /** Like `safeFetch`; per-call options override the fetcher's (not `allowHosts`/`connectTimeoutMs`). */
  fetch(url: string, options?: Partial<Omit<SafeFetchOptions, "allowHosts" | "connectTimeoutMs">>): Promise<SafeResponse>;
  /** Closes idle connections; pending fetches finish first. */
  close(): Promise<void>;
}

/**
 * Creates a fetcher whose connections are kept alive between calls (TLS handshakes saved when a
 * stage fetches many pages from one host). Every connection was checked by the SSRF guard when
 * it was opened, and every URL is still checked before its request.
 */
export function createSafeFetcher(defaults: SafeFetchOptions): SafeFetcher {
  const allow = parseAllowList(defaults.allowHosts);
  const agent = createGuardedAgent(allow, { ...defaults, timeoutMs: defaults.timeoutMs ?? 20_000 });
  return {
    fetch: (url, options = {}) => fetchWith(agent, allow, url, { ...defaults, ...options, headers: { ...defaults.headers, ...options.headers } }),
    close: () => agent.close(),
  };
}

function createGuardedAgent(allow: AllowList, options: SafeFetchOptions): Agent {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 10_000, lookup: createGuardedLookup(allow) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: -1,
  });
}

async function fetchWith(agent: Agent, allow: AllowList, url: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 15 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  // Parsed before any timer or listener exists, so a bad URL leaves nothing running.
  let current = parseFetchableUrl(url);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new HttpFetchError("timeout", `timed out after ${timeoutMs} ms fetching ${url}`, { url }));
  }, timeoutMs);
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const redirects: SafeResponse["redirects"] = [];
  let headers = buildHeaders(options);
  let status: number | undefined;
  try {
    for (;;) {
      await checkUrl(current, allow);
      status = undefined;
      // A GET is sent exactly as before POST existed: only a POST names its method and body.
      const post = options.method === "POST" ? { method: "POST", ...(options.body === undefined ? {} : { body: options.body }) } : {};
      const response = await undiciFetch(current.href, { ...post, headers, redirect: "manual", signal: controller.signal, dispatcher: agent });
      status = response.status;
      const location = response.headers.get("location");
      if (REDIRECT_STATUSES.has(status) && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        if (redirects.length >= maxRedirects) {
          throw new HttpFetchError("too-many-redirects", `more than ${maxRedirects} redirects from ${url}`, { url: current.href, status });
        }
        let next: URL;
        try {
          next = parseFetchableUrl(new URL(location, current).href);
        } catch (cause) {
          throw new HttpFetchError("bad-redirect", `${current.href} redirects to an unusable location`, { cause, url: current.href, status });
        }
        if (next.origin !== current.origin) headers = dropCredentials(headers);
        redirects.push({ from: current.href, to: next.href, status });
        current = next;
        continue;
      }
      const declared = Number(response.headers.get("content-length") ?? Number.NaN);
      if (declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new HttpFetchError("too-large", `${current.href} declares ${declared} bytes, over ${maxBytes}`, { url: current.href, status });
      }
      const body = await readCappedBody(response.body, maxBytes, current.href, status);
      return { url: current.href, status, headers: new Headers([...response.headers]), body, redirects, durationMs: performance.now() - started };
    }
  } catch (err) {
    if (err instanceof HttpFetchError && !timedOut) throw err;
    throw classifyError(err, current.href, { timedOut, aborted: controller.signal.aborted, ...(status === undefined ? {} : { status }) });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function buildHeaders(options: SafeFetchOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  headers["user-agent"] = options.userAgent;
  headers["accept"] = options.accept ?? headers["accept"] ?? "*/*";
  return headers;
}

function dropCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CROSS_ORIGIN_DROPPED.has(name)));
}
