import { z } from "zod";

/** sha256 hex of the canonical URL; the article's identity and stream suffix. */
export const articleId = z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 hex article id");
export const feedId = z.string().min(1).max(128);
export const httpUrl = z
  .string()
  .max(8192)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { message: "expected an absolute http(s) URL" });
export const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: "expected an ISO-8601 date" });
export const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 hex digest");
/** Longest failure reason code and failure detail a failure event accepts. */
export const REASON_MAX_CHARS = 64;
export const DETAIL_MAX_CHARS = 2000;

/** A short machine-readable failure reason, e.g. `http-404`, `timeout`, `too-large`. */
export const reasonCode = z.string().min(1).max(REASON_MAX_CHARS);
/** Human-readable detail of a failure. */
export const failureDetail = z.string().max(DETAIL_MAX_CHARS);
