import type { RedisConnection } from "./redis.ts";

/** Redis channel on which appenders announce new events, so tailing consumers poll at once. */
export const eventsChannel = (prefix: string) => `${prefix}:events-appended`;

/**
 * Publishes a wake-up after a commit (never NOTIFY: it serialises commits in Postgres). On a Redis
 * Cluster, PUBLISH is broadcast over the cluster bus, so a subscriber on any node hears it.
 */
export function publishAppended(redis: RedisConnection, prefix: string): void {
  redis.publish(eventsChannel(prefix), "1").catch(() => {
    // Consumers poll anyway; a lost wake-up only delays them by their poll interval.
  });
}

/** A `wake` hook for runConsumer over a dedicated subscriber connection. */
export function subscribeAppended(subscriber: RedisConnection, prefix: string): (wakeUp: () => void) => () => void {
  return (wakeUp) => {
    const channel = eventsChannel(prefix);
    const onMessage = (ch: string) => {
      if (ch === channel) wakeUp();
    };
    subscriber.on("message", onMessage);
    void subscriber.subscribe(channel).catch(() => {});
    return () => {
      subscriber.off("message", onMessage);
      void subscriber.unsubscribe(channel).catch(() => {});
    };
  };
}
