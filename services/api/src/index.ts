export { buildApp, type AppDeps } from "./app.ts";
export { opsRoutes, type OpsRoutesOptions } from "./ops/index.ts";
