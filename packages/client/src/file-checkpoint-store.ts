import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CheckpointStore } from "./checkpoint-store.ts";

/**
 * Cursors in one JSON file (`{ "<name>": "<cursor>" }`). Each save writes a temporary file and
 * renames it over the old one, so a crash leaves either the previous or the new checkpoint.
 * One process per file.
 */
export class FileCheckpointStore implements CheckpointStore {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  async #read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw err;
    }
  }

  async load(name: string): Promise<string | undefined> {
    await this.#queue;
    return (await this.#read())[name];
  }

  save(name: string, cursor: string): Promise<void> {
    // Saves are serialised so two of them never interleave their read-modify-write.
    const run = this.#queue.then(async () => {
      const all = await this.#read();
      all[name] = cursor;
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`);
      await rename(tmp, this.path);
    });
    this.#queue = run.catch(() => {});
    return run;
  }
}
