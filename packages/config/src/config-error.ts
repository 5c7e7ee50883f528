export interface ConfigProblem {
  key: string;
  message: string;
}

/** A configuration value is missing or malformed; the message names every bad key. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => p.message).join("; ")}`);
  }
}
