export { createSafeFetcher, safeFetch } from "./safe-fetch.ts";
export type { SafeFetcher } from "./safe-fetch.ts";
export type { SafeFetchOptions, SafeResponse } from "./safe-fetch-options.ts";
export { HttpFetchError } from "./http-fetch-error.ts";
export type { HttpFetchErrorOptions, HttpFetchErrorReason } from "./http-fetch-error.ts";
export { assertFetchableUrl, blockedAddressReason, parseAllowList } from "./ssrf-guard.ts";
export type { AllowList } from "./ssrf-guard.ts";
export { HttpStatusError, httpStatusError, isTransientStatus } from "./http-status-error.ts";
export { retryAfterSeconds } from "./retry-after.ts";
