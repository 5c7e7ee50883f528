/** A command for a feed whose stream holds no registration. */
export class UnknownFeedError extends Error {
  constructor(readonly feedId: string) {
    super(`no feed ${feedId}`);
    this.name = this.constructor.name;
  }
}
