import { assertFetchableUrl, HttpFetchError } from "@vigie/http";
import { FeedTargetRefusedError } from "./feed-target-refused-error.ts";

/**
 * Refuses at registration what every poll would refuse: a scheme other than http(s), or a host
 * that is, or resolves to, a private, loopback, link-local or metadata address and is not in
 * `allowHosts`. The same guard as the fetcher (`assertFetchableUrl` of `@vigie/http`), so the two
 * cannot disagree. A host that does not resolve now is accepted: DNS outages pass, and the poll
 * reports it (and checks the addresses again at connect time).
 */
export async function checkFeedTarget(url: string, allowHosts: readonly string[]): Promise<void> {
  try {
    await assertFetchableUrl(url, [...allowHosts]);
  } catch (err) {
    if (err instanceof HttpFetchError && (err.reason === "bad-url" || err.reason === "ssrf-blocked")) {
      throw new FeedTargetRefusedError(url, err.reason, err.message, { cause: err });
    }
    if (err instanceof HttpFetchError && err.reason === "dns") return;
    throw err;
  }
}
