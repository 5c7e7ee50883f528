import type { ExpectedVersion } from "../types.ts";

/** An `appendToStream` lost an optimistic-concurrency race: the stream was not at the expected version. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = this.constructor.name;
  }
}
