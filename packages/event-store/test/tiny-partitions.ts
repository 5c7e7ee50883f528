import type { Sql } from "@vigie/db";

/**
 * Replaces the partitions of a fresh (empty) test database by one of `size` positions from 0, so
 * that a few hundred events cross many partition boundaries. Owner connection.
 */
export async function useTinyPartitions(owner: Sql, size: number): Promise<void> {
  const partitions = await owner<{ name: string }[]>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass`;
  for (const { name } of partitions) {
    await owner.unsafe(`alter table events detach partition "${name}"`);
    await owner.unsafe(`drop table "${name}"`);
  }
  await owner`select vigie_events_add_partition(0, ${size})`;
}
