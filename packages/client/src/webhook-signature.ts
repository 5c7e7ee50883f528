import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * vigie signs every webhook it sends. The request carries
 *
 *     Vigie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *     Vigie-Idempotency-Key: <the same for every attempt of one delivery>
 *
 * A receiver recomputes the HMAC over the exact bytes it received, compares in constant time and
 * refuses timestamps too far from its own clock (replays). `v1=` may appear more than once while
 * a secret is being rotated; any one matching is enough.
 */
export const SIGNATURE_HEADER = "vigie-signature";
export const IDEMPOTENCY_HEADER = "vigie-idempotency-key";

/** How far a signature's timestamp may be from the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");

/** The `Vigie-Signature` header value for a body, at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string | Uint8Array, timestamp: number = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export interface VerifyWebhookOptions {
  /** The watch's signing secret (`whsec_…`, shown when the watch is created). */
  secret: string;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
  /** The `Vigie-Signature` header. */
  header: string | undefined;
  /** @defaultValue 300 */
  toleranceSeconds?: number;
  /** Unix seconds. @defaultValue now */
  now?: number;
}

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing-header" | "malformed-header" | "timestamp-out-of-tolerance" | "signature-mismatch" };

/** Checks a webhook's signature and freshness; never throws. */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookVerification {
  if (!options.header) return { ok: false, reason: "missing-header" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of options.header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: "malformed-header" };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: "timestamp-out-of-tolerance" };
  const expected = Buffer.from(hmac(options.secret, timestamp, options.body), "hex");
  const ok = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected));
  return ok ? { ok: true, timestamp } : { ok: false, reason: "signature-mismatch" };
}
