/** Why a URL cannot identify an article. */
export type InvalidUrlReason = "bad-url" | "no-host" | "unsupported-scheme";

/** Thrown by `canonicalizeUrl` for input that is not an absolute http(s) URL with a host. */
export class InvalidUrlError extends Error {
  override readonly name = "InvalidUrlError";
  readonly reason: InvalidUrlReason;
  readonly url: string;

  constructor(reason: InvalidUrlReason, url: string, options?: { cause?: unknown }) {
    super(`${reason}: ${url.length > 200 ? `${url.slice(0, 200)}…` : url}`, options);
    this.reason = reason;
    this.url = url;
  }
}
