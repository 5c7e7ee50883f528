export { runWatcher, type WatcherOptions } from "./run-watcher.ts";
export { startAlerter, type AlerterOptions } from "./start-alerter.ts";
export { deliverAlert, recordDeliveryFailure, type AlerterDeps, type DeliveryResult } from "./deliver-alert.ts";
export type { AlertBody, AlertMatch } from "./alert-body.ts";
export { redeliverWatch, type RedeliverOptions, type RedeliverSummary } from "./redeliver-watch.ts";
export { RedeliveryRefusedError } from "./redelivery-refused-error.ts";
