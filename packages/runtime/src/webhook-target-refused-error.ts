/** A webhook URL vigie will not post to: why, in a sentence a person can act on. */
export class WebhookTargetRefusedError extends Error {
  /** `webhook-refused` (not https and not allow-listed), `bad-url`, or `ssrf-blocked` (private, loopback, link-local, metadata address). */
  readonly reason: "webhook-refused" | "bad-url" | "ssrf-blocked";
  readonly url: string;

  constructor(url: string, reason: "webhook-refused" | "bad-url" | "ssrf-blocked", message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
    this.reason = reason;
    this.url = url;
  }
}
