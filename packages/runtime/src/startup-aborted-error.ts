/** Start-up was stopped (SIGINT/SIGTERM) while it waited for services: a requested stop, not a failure of the services. */
export class StartupAbortedError extends Error {
  override name = "StartupAbortedError";
  /** The services that had not answered yet (or the embedded server being started). */
  readonly services: readonly string[];
  constructor(services: string | readonly string[]) {
    const list = typeof services === "string" ? [services] : services;
    super(`stopped while waiting for ${list.join(" and ")}`);
    this.services = list;
  }
}
