import { check, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * API tokens of `services/api`. Only a keyed hash of the secret is stored; the token itself is
 * shown once by `vigie tokens create`. Looked up by `token_id` (the public part of the token),
 * then the hash is compared in constant time.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    tokenId: text("token_id").primaryKey(),
    /** hex HMAC-SHA256 of the secret part, keyed with API_TOKEN_SECRET (sha256 when unset). */
    secretHash: text("secret_hash").notNull(),
    /** read | admin */
    scope: text("scope").notNull(),
    name: text("name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [check("api_tokens_scope_check", sql`${t.scope} in ('read', 'admin')`)],
);
