import robotsParser from "robots-parser";
import { HttpFetchError } from "./http-fetch-error.ts";
import { safeFetch } from "./safe-fetch.ts";
import type { SafeFetchOptions } from "./safe-fetch-options.ts";

/** Options of {@link RobotsPolicy}. */
export interface RobotsPolicyOptions {
  /** Fetch options for robots.txt (the user agent is also the one rules are matched against). */
  fetch: SafeFetchOptions;
  /** How long a fetched robots.txt (or a 4xx "allow all") is trusted. @defaultValue 86_400_000 (24 h) */
  ttlMs?: number;
  /** How long a host whose robots.txt answered 5xx or failed to load is backed off. @defaultValue 600_000 (10 min) */
  backoffMs?: number;
  /** robots.txt larger than this is cut (Google reads 500 KiB). @defaultValue 512_000 */
  maxBytes?: number;
  /** Clock, injectable for tests. @defaultValue Date.now */
  now?: () => number;
}

/** What the policy says about one URL. */
export interface RobotsDecision {
  /** `false` when robots.txt disallows the URL, or while the host is backed off after a 5xx. */
  allowed: boolean;
  /**
   * Why: `allowed`, `disallowed`, `no-robots` (4xx, or a robots.txt that cannot be fetched for a
   * reason retrying will not fix, e.g. an SSRF refusal: allow all), `server-error` (5xx, 429 or a
   * transport failure: back off).
   */
  reason: "allowed" | "disallowed" | "no-robots" | "server-error";
  /** `Crawl-delay` for our user agent, in seconds, when the file sets one. */
  crawlDelaySeconds?: number;
}

interface Entry {
  expires: number;
  kind: "rules" | "no-robots" | "server-error";
  robots?: ReturnType<typeof robotsParser>;
}

/**
 * robots.txt per host: fetched once, cached for `ttlMs`, parsed by `robots-parser`. A 4xx (no
 * robots.txt) allows everything; a 5xx or a transport failure refuses the host for `backoffMs`
 * (RFC 9309: an unreachable robots.txt means "assume complete disallow" for a while). Concurrent
 * questions about one host share one fetch.
 */
export class RobotsPolicy {
  readonly #options: RobotsPolicyOptions;
  readonly #cache = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<Entry>>();

  constructor(options: RobotsPolicyOptions) {
    this.#options = options;
  }

  /** Decision for `url` (absolute http(s)). */
  async check(url: string): Promise<RobotsDecision> {
    const origin = new URL(url).origin;
    const entry = await this.#entry(origin);
    if (entry.kind === "no-robots") return { allowed: true, reason: "no-robots" };
    if (entry.kind === "server-error" || entry.robots === undefined) return { allowed: false, reason: "server-error" };
    const agent = this.#options.fetch.userAgent;
    const allowed = entry.robots.isAllowed(url, agent) !== false;
    const delay = entry.robots.getCrawlDelay(agent);
    return { allowed, reason: allowed ? "allowed" : "disallowed", ...(delay !== undefined && delay > 0 ? { crawlDelaySeconds: delay } : {}) };
  }

  async #entry(origin: string): Promise<Entry> {
    const now = (this.#options.now ?? Date.now)();
    const cached = this.#cache.get(origin);
    if (cached !== undefined && cached.expires > now) return cached;
    const pending = this.#pending.get(origin);
    if (pending !== undefined) return pending;
    const load = this.#load(origin, now).finally(() => this.#pending.delete(origin));
    this.#pending.set(origin, load);
    const entry = await load;
    this.#cache.set(origin, entry);
    return entry;
  }

  async #load(origin: string, now: number): Promise<Entry> {
    const ttl = this.#options.ttlMs ?? 86_400_000;
    const backoff = this.#options.backoffMs ?? 600_000;
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const res = await safeFetch(robotsUrl, { ...this.#options.fetch, maxBytes: this.#options.maxBytes ?? 512_000, accept: "text/plain,*/*;q=0.1" });
      if (res.status >= 500 || res.status === 429) return { expires: now + backoff, kind: "server-error" };
      if (res.status >= 400) return { expires: now + ttl, kind: "no-robots" };
      const text = new TextDecoder("utf-8").decode(res.body);
      return { expires: now + ttl, kind: "rules", robots: robotsParser(res.url, text) };
    } catch (err) {
      if (err instanceof HttpFetchError) {
        // A failure that retrying cannot fix (SSRF refusal, bad URL, redirect loop, a file over the
        // cap) makes robots.txt "unavailable" in RFC 9309's sense, like a 4xx: allow. The page's own
        // request then meets the same refusal and fails with its real reason (e.g. ssrf-blocked)
        // instead of being held back as if the server were down.
        if (err.permanent) return { expires: now + ttl, kind: "no-robots" };
        // Transport failures (timeout, refused, reset, DNS) back the host off like a 5xx.
        return { expires: now + backoff, kind: "server-error" };
      }
      throw err; // anything else is a bug
    }
  }
}
