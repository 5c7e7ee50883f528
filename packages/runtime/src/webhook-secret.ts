import { createHmac } from "node:crypto";

/** Used when neither WATCH_SIGNING_SECRET nor API_TOKEN_SECRET is set (development only; a warning is logged). */
export const DEVELOPMENT_SIGNING_KEY = "vigie-development-signing-key-not-secret";

/**
 * A watch's webhook signing secret, derived from the installation's key, the watch id and its
 * secret version: nothing secret is stored in the log, and rotating (a new version) needs no storage either.
 */
export function webhookSecret(signingKey: string, watchId: string, secretVersion: number): string {
  return `whsec_${createHmac("sha256", signingKey).update(`watch:${watchId}:${secretVersion}`).digest("base64url")}`;
}
