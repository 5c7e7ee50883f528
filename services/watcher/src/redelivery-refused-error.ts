/** `vigie watches redeliver` on a watch that cannot deliver now (no webhook, delivery disabled). */
export class RedeliveryRefusedError extends Error {
  constructor(
    readonly watchId: string,
    why: string,
  ) {
    super(`watch ${watchId} ${why}`);
    this.name = this.constructor.name;
  }
}
