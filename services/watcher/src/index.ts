export { runWatcher, type WatcherOptions } from "./run-watcher.ts";
export { startAlerter, signingKeyOf, type AlerterOptions } from "./start-alerter.ts";
export { deliverAlert, loadWatch, recordDeliveryFailure, type AlerterDeps, type DeliveryResult } from "./deliver-alert.ts";
export { assertWebhookTarget } from "./webhook-target.ts";
export { webhookSecret, DEVELOPMENT_SIGNING_KEY } from "./webhook-secret.ts";
export type { AlertBody, AlertMatch } from "./alert-body.ts";
