export { buildApp, authModeFor, type AppDeps } from "./app.ts";
export { opsRoutes, type OpsRoutesOptions } from "./ops/index.ts";
export { createApiToken, revokeApiToken, listApiTokens, hasActiveToken, scopes, type Scope, type CreatedToken } from "./auth/api-tokens.ts";
export type { AuthMode, RequireScope } from "./auth/authenticate.ts";
export type { FeedAdmin, OpmlOutline } from "./routes/feeds.ts";
export type { LiveTailOptions } from "./routes/events-stream.ts";
export { FUNNEL_ROWS, readOpsFigures, type OpsFigures } from "./ops/ops-figures.ts";
