/** `detachPartitionsBefore` refused: detaching would take events from a reader that still needs them. */
export class PartitionDetachRefusedError extends Error {
  constructor(
    message: string,
    /** Consumers whose checkpoint is not past the partition. */
    readonly consumers: readonly string[] = [],
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}
