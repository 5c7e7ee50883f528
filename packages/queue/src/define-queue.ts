import type { z } from "zod";

/** A queue's name and the zod schema of its job payloads: producers and workers share it. */
export interface QueueDefinition<T> {
  name: string;
  schema: z.ZodType<T>;
}

export function defineQueue<T>(name: string, schema: z.ZodType<T>): QueueDefinition<T> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`queue name ${JSON.stringify(name)} must be kebab-case`);
  return { name, schema };
}
