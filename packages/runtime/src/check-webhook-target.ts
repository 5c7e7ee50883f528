import { assertFetchableUrl, HttpFetchError, isAllowListedHost, parseAllowList } from "@vigie/http";
import { WebhookTargetRefusedError } from "./webhook-target-refused-error.ts";

/**
 * Refuses a webhook URL that is not HTTPS, unless its host is allow-listed (`HTTP_ALLOW_HOSTS`:
 * receivers inside a private network, tests), then runs the fetcher's SSRF guard: private,
 * loopback, link-local and metadata addresses are refused unless allow-listed. Throws
 * `WebhookTargetRefusedError` (`webhook-refused`, `bad-url`, `ssrf-blocked`). A host that does not
 * resolve now passes (the delivery retries; the guard runs again at connect time). Used when a
 * watch is created or changed and before every delivery.
 */
export async function checkWebhookTarget(url: string, allowHosts: readonly string[]): Promise<void> {
  if (!URL.canParse(url)) throw new WebhookTargetRefusedError(url, "bad-url", "the webhook URL is not a valid URL");
  const protocol = new URL(url).protocol;
  if (protocol !== "https:" && !(protocol === "http:" && isAllowListedHost(url, parseAllowList(allowHosts)))) {
    throw new WebhookTargetRefusedError(url, "webhook-refused", `webhooks are sent over https only (${protocol} is accepted for allow-listed hosts only)`);
  }
  try {
    await assertFetchableUrl(url, [...allowHosts]);
  } catch (err) {
    if (err instanceof HttpFetchError && (err.reason === "bad-url" || err.reason === "ssrf-blocked"))
      throw new WebhookTargetRefusedError(url, err.reason, err.message, { cause: err });
    if (err instanceof HttpFetchError && err.reason === "dns") return;
    throw err;
  }
}
