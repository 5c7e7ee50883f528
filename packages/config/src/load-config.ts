import { configSchema, type Config } from "./schema.ts";
import { ConfigError } from "./config-error.ts";

export type Env = Record<string, string | undefined>;

/**
 * Validates an environment (by default `process.env`) and returns the typed config.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 * @throws ConfigError naming each bad key and what was expected.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Record<keyof Config, string>> = {}): Config {
  const raw: Env = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = overrides[key as keyof Config] ?? env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join(".");
      return { key, message: `${key}=${JSON.stringify(raw[key] ?? "")}: ${issue.message}` };
    });
    throw new ConfigError(problems);
  }
  return parsed.data;
}

/** The URL migrations connect with (the schema owner). */
export function migrationUrl(config: Config): string {
  return config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
}

/**
 * The entity-tagger weight files the config names, in the shape of `loadTagger`'s `modelFiles`
 * (a language left unset keeps the shipped weights).
 */
export function entityModelFiles(config: Pick<Config, "ENTITIES_MODEL_FR" | "ENTITIES_MODEL_EN">): { fr?: string; en?: string } {
  return {
    ...(config.ENTITIES_MODEL_FR === undefined ? {} : { fr: config.ENTITIES_MODEL_FR }),
    ...(config.ENTITIES_MODEL_EN === undefined ? {} : { en: config.ENTITIES_MODEL_EN }),
  };
}

/** True when stdout is an interactive terminal; pretty logs and progress bars use it. */
export function isInteractive(): boolean {
  return Boolean(process.stdout.isTTY) && process.env.CI !== "true";
}

/**
 * True when `key` was set in the environment rather than defaulted. `vigie start` runs
 * migrations itself only on the embedded default (nothing configured).
 */
export function isConfigured(key: keyof Config, env: Env = process.env): boolean {
  return env[key] !== undefined && env[key] !== "";
}

/** The environment for a child process (a `vigie` worker spawned by tests or the chaos suite). */
export function childEnv(overrides: Partial<Record<keyof Config | "CI" | "NODE_OPTIONS", string>>): Env {
  return { ...process.env, ...overrides };
}
