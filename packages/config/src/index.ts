export { configSchema, type Config } from "./schema.ts";
export { loadConfig, migrationUrl, entityModelFiles, isInteractive, isConfigured, childEnv, type Env } from "./load-config.ts";
export { ConfigError, type ConfigProblem } from "./config-error.ts";
