/** A command on a watch that was never created, or was deleted. */
export class UnknownWatchError extends Error {
  constructor(readonly watchId: string) {
    super(`no such watch: ${watchId}`);
    this.name = this.constructor.name;
  }
}
