/** Enable or disable asked of a removed feed: it has to be registered again first. */
export class FeedRemovedError extends Error {
  constructor(readonly feedId: string) {
    super(`feed ${feedId} was removed; register its URL again to poll it`);
    this.name = this.constructor.name;
  }
}
