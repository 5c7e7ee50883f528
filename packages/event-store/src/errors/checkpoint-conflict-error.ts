/** Another instance moved this consumer's checkpoint first (compare-and-set failed). */
export class CheckpointConflictError extends Error {
  override name = "CheckpointConflictError";
  constructor(readonly consumerId: string) {
    super(`checkpoint of consumer ${consumerId} was moved by another instance`);
  }
}
