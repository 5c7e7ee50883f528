/**
 * Fans one "events were appended" subscription out to every live-tail client. A generation
 * counter closes the race between a client's read and its wait: a wake that lands while the
 * client is querying makes its next `wait` return at once.
 */
export class WakeHub {
  #generation = 0;
  readonly #waiters = new Set<() => void>();
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly subscribe: (wakeUp: () => void) => () => void) {}

  get generation(): number {
    return this.#generation;
  }

  /** Resolves on the first wake after `seen`, after `timeoutMs`, or when `signal` aborts; true when woken. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    this.#unsubscribe ??= this.subscribe(() => this.#wake());
    if (this.#generation !== seen || signal.aborted) return Promise.resolve(this.#generation !== seen);
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.#waiters.delete(onWake);
        resolve(woken);
      };
      const onWake = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.add(onWake);
    });
  }

  #wake(): void {
    this.#generation++;
    for (const waiter of [...this.#waiters]) waiter();
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
