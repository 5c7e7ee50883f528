/** A feed URL the fetcher would refuse, so it is not registered: why, in a sentence a person can act on. */
export class FeedTargetRefusedError extends Error {
  /** `bad-url` (not http(s), no host) or `ssrf-blocked` (private, loopback, link-local, metadata address). */
  readonly reason: "bad-url" | "ssrf-blocked";
  readonly url: string;

  constructor(url: string, reason: "bad-url" | "ssrf-blocked", message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
    this.reason = reason;
    this.url = url;
  }
}
