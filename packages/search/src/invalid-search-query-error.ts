/** A search query that cannot be run: empty, too long, or only negated words. */
export class InvalidSearchQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}
