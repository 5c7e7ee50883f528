export { createSafeFetcher, safeFetch } from "./safe-fetch.ts";
export type { SafeFetcher } from "./safe-fetch.ts";
export type { SafeFetchOptions, SafeResponse } from "./safe-fetch-options.ts";
export { HttpFetchError } from "./http-fetch-error.ts";
export type { HttpFetchErrorOptions, HttpFetchErrorReason } from "./http-fetch-error.ts";
export { assertFetchableUrl, blockedAddressReason, parseAllowList } from "./ssrf-guard.ts";
export type { AllowList } from "./ssrf-guard.ts";
export { RobotsPolicy } from "./robots-policy.ts";
export type { RobotsDecision, RobotsPolicyOptions } from "./robots-policy.ts";
