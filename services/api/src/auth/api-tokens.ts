import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Queryable } from "@vigie/db";

export type Scope = "read" | "admin";
export const scopes: readonly Scope[] = ["read", "admin"];

/** `vgt_<tokenId>_<secret>`: the id finds the row, the secret is only ever compared as a hash. */
const TOKEN = /^vgt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface CreatedToken {
  tokenId: string;
  scope: Scope;
  /** The full token, shown once; only its hash is stored. */
  token: string;
}

export interface VerifiedToken {
  tokenId: string;
  scope: Scope;
}

/** Keyed hash of a token secret: HMAC-SHA256 with the pepper when configured, else SHA-256. */
export function hashSecret(secret: string, pepper: string | undefined): string {
  return pepper ? createHmac("sha256", pepper).update(secret).digest("hex") : createHash("sha256").update(secret).digest("hex");
}

export async function createApiToken(sql: Queryable, options: { scope: Scope; name?: string | undefined; pepper?: string | undefined }): Promise<CreatedToken> {
  const tokenId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  await sql.unsafe(`insert into api_tokens (token_id, secret_hash, scope, name) values ($1, $2, $3, $4)`, [
    tokenId,
    hashSecret(secret, options.pepper),
    options.scope,
    options.name ?? null,
  ]);
  return { tokenId, scope: options.scope, token: `vgt_${tokenId}_${secret}` };
}

/** Revokes a token; returns false when no such active token exists. */
export async function revokeApiToken(sql: Queryable, tokenId: string): Promise<boolean> {
  const rows = await sql.unsafe(`update api_tokens set revoked_at = now() where token_id = $1 and revoked_at is null returning token_id`, [tokenId]);
  return rows.length > 0;
}

export async function listApiTokens(
  sql: Queryable,
): Promise<{ tokenId: string; scope: Scope; name: string | null; createdAt: Date; revokedAt: Date | null }[]> {
  const rows = await sql.unsafe<{ token_id: string; scope: Scope; name: string | null; created_at: Date; revoked_at: Date | null }[]>(
    `select token_id, scope, name, created_at, revoked_at from api_tokens order by created_at`,
  );
  return rows.map((r) => ({ tokenId: r.token_id, scope: r.scope, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Whether any unrevoked token exists: without one the API runs anonymous, on loopback only. */
export async function hasActiveToken(sql: Queryable): Promise<boolean> {
  const [row] = await sql.unsafe<{ found: boolean }[]>(`select exists (select 1 from api_tokens where revoked_at is null) as found`);
  return row?.found === true;
}

interface TokenRow {
  secretHash: Buffer;
  scope: Scope;
  revoked: boolean;
  loadedAt: number;
}

/**
 * Verifies bearer tokens against `api_tokens`. Rows are cached briefly (revocation takes effect
 * within `cacheMs`), so a busy client costs no extra query per request.
 */
export class TokenVerifier {
  readonly #cache = new Map<string, TokenRow | null>();
  readonly #loadedAt = new Map<string, number>();

  constructor(
    private readonly sql: Queryable,
    private readonly options: { pepper?: string | undefined; cacheMs?: number; maxCached?: number } = {},
  ) {}

  async verify(token: string): Promise<VerifiedToken | undefined> {
    const match = TOKEN.exec(token);
    const tokenId = match?.[1];
    const secret = match?.[2];
    if (!tokenId || !secret) return undefined;
    const row = await this.#row(tokenId);
    const presented = Buffer.from(hashSecret(secret, this.options.pepper), "hex");
    // Compare even when the row is missing, so timing does not reveal which ids exist.
    const expected = row?.secretHash ?? Buffer.alloc(presented.length);
    const same = expected.length === presented.length && timingSafeEqual(expected, presented);
    return row && same && !row.revoked ? { tokenId, scope: row.scope } : undefined;
  }

  async #row(tokenId: string): Promise<TokenRow | null> {
    const now = Date.now();
    const loadedAt = this.#loadedAt.get(tokenId);
    if (loadedAt !== undefined && now - loadedAt < (this.options.cacheMs ?? 5000)) return this.#cache.get(tokenId) ?? null;
    const [r] = await this.sql.unsafe<{ secret_hash: string; scope: Scope; revoked: boolean }[]>(
      `select secret_hash, scope, revoked_at is not null as revoked from api_tokens where token_id = $1`,
      [tokenId],
    );
    const row = r ? { secretHash: Buffer.from(r.secret_hash, "hex"), scope: r.scope, revoked: r.revoked, loadedAt: now } : null;
    // Unknown ids are cached too (as null) but the map is bounded: a flood of random ids cannot grow it.
    if (this.#cache.size >= (this.options.maxCached ?? 10_000)) {
      this.#cache.clear();
      this.#loadedAt.clear();
    }
    this.#cache.set(tokenId, row);
    this.#loadedAt.set(tokenId, now);
    return row;
  }
}
