import { assertFetchableUrl, HttpFetchError, isAllowListedHost, parseAllowList } from "@vigie/http";
import { PermanentError } from "@vigie/queue";

/**
 * Refuses a webhook URL that is not HTTPS, unless its host is allow-listed (`HTTP_ALLOW_HOSTS`,
 * for receivers inside a private network, and tests), then runs the fetcher's SSRF guard:
 * private, loopback, link-local and metadata addresses are refused unless allow-listed. Throws a
 * `PermanentError` (`webhook-refused`, `ssrf-blocked`, `bad-url`); the guard runs again at connect time.
 */
export async function assertWebhookTarget(url: string, allowHosts: readonly string[]): Promise<void> {
  if (!URL.canParse(url)) throw new PermanentError("bad-url", "the webhook URL is not a valid URL");
  const protocol = new URL(url).protocol;
  if (protocol !== "https:" && !(protocol === "http:" && isAllowListedHost(url, parseAllowList(allowHosts)))) {
    throw new PermanentError("webhook-refused", `webhooks are sent over https only (${protocol} is accepted for allow-listed hosts only)`);
  }
  try {
    await assertFetchableUrl(url, [...allowHosts]);
  } catch (err) {
    // A name that does not resolve now may later: the delivery is retried.
    if (err instanceof HttpFetchError && err.reason !== "dns") throw new PermanentError(err.reason, err.message, { cause: err });
    throw err;
  }
}
