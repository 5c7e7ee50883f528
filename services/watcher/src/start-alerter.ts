import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import { signingKeyOf, type Runtime } from "@vigie/runtime";
import { deliverAlert, recordDeliveryFailure } from "./deliver-alert.ts";

export interface AlerterOptions {
  /** @defaultValue 10 */
  concurrency?: number;
  /** `alert`: one delivery per match; `digest`: the digest watches' scheduled runs. @defaultValue "alert" */
  queue?: "alert" | "digest";
}

/** The alerter: webhook deliveries of watches, from the `deliver-alert` (or `deliver-digest`) queue. */
export function startAlerter(runtime: Runtime, options: AlerterOptions = {}): StageWorker {
  const { config } = runtime;
  if (config.WATCH_SIGNING_SECRET === undefined && config.API_TOKEN_SECRET === undefined) {
    runtime.logger.warn({ component: "alerter" }, "no WATCH_SIGNING_SECRET: webhooks are signed with a development key");
  }
  const deps = {
    store: runtime.store,
    signingKey: signingKeyOf(config),
    http: { userAgent: config.HTTP_USER_AGENT, timeoutMs: config.WATCH_DELIVERY_TIMEOUT_MS, allowHosts: config.HTTP_ALLOW_HOSTS },
    maxAttempts: config.WATCH_DELIVERY_ATTEMPTS,
    disableAfter: config.WATCH_DISABLE_AFTER_FAILURES,
  };
  return createStageWorker({
    queue: queues[options.queue ?? "alert"],
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: options.concurrency ?? 10,
    handler: (job, ctx) => deliverAlert(job, ctx, deps),
    onFailure: (job, failure) => recordDeliveryFailure(job, failure, deps),
  });
}
