/**
 * The BullMQ prefix of one queue: `<prefix>:{<queue>}`. Every key BullMQ writes for a queue starts
 * with its prefix, and Redis Cluster hashes only the part between the first `{` and `}`, so all
 * the keys of one queue (which its Lua scripts touch together) land in one slot while the stages'
 * queues land in different slots, spread over the cluster's masters. The same layout is used on a
 * single Redis, so one key scheme is tested everywhere; keys still start with `<prefix>:`.
 */
export function queuePrefix(prefix: string, queueName: string): string {
  return `${prefix}:{${queueName}}`;
}
