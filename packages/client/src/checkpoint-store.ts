/**
 * Where a subscription keeps its cursor between runs. `load` returns undefined when nothing was
 * saved under `name` yet. Saves may lag deliveries (at-least-once): deduplicate on `event.id`.
 */
export interface CheckpointStore {
  load(name: string): Promise<string | undefined>;
  save(name: string, cursor: string): Promise<void>;
}

/** Keeps cursors in memory: for tests and one-shot scripts. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly cursors = new Map<string, string>();

  async load(name: string): Promise<string | undefined> {
    return this.cursors.get(name);
  }

  async save(name: string, cursor: string): Promise<void> {
    this.cursors.set(name, cursor);
  }
}
