import { lookup as dnsLookup } from "node:dns";
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { HttpFetchError } from "./http-fetch-error.ts";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed allow-list: exact host names plus address ranges. */
export interface AllowList {
  names: ReadonlySet<string>;
  ranges: readonly [Address, number][];
}

/** Parses `allowHosts` entries: host names, IP addresses or CIDR ranges. */
export function parseAllowList(entries: readonly string[] = []): AllowList {
  const names = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, "$1");
    if (entry === "") continue;
    if (entry.includes("/")) {
      ranges.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.isValid(entry)) {
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else {
      names.add(entry.replace(/\.$/, ""));
    }
  }
  return { names, ranges };
}

function inAllowList(address: Address, allow: AllowList): boolean {
  return allow.ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/** Whether a URL's host is on the allow-list itself: a listed name, or an address inside a listed range. */
export function isAllowListedHost(url: string, allow: AllowList): boolean {
  if (!URL.canParse(url)) return false;
  const host = hostOf(new URL(url));
  if (allow.names.has(host)) return true;
  return ipaddr.isValid(host) && inAllowList(ipaddr.parse(host), allow);
}

/** IPv4 carried inside an IPv6 address by NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const b = address.toByteArray();
  if (range === "rfc6052") return new ipaddr.IPv4(b.slice(12, 16));
  if (range === "6to4") return new ipaddr.IPv4(b.slice(2, 6));
  return undefined;
}

/**
 * Returns why an address must not be fetched (its special-range name, e.g. `loopback`,
 * `private`, `linkLocal`), or undefined when it is an ordinary public unicast address or allowed.
 */
export function blockedAddressReason(ip: string, allow: AllowList = parseAllowList()): string | undefined {
  if (!ipaddr.isValid(ip)) return "invalid-address";
  const address = ipaddr.parse(ip);
  if (inAllowList(address, allow)) return undefined;
  const range = address.range();
  if (address instanceof ipaddr.IPv6) {
    const inner = embeddedIPv4(address, range);
    if (inner) return blockedAddressReason(inner.toString(), allow);
    // ::/96 (IPv4-compatible, deprecated) is not a special range in ipaddr.js but must not be reachable.
    const parts = address.parts;
    if (range === "unicast" && parts.slice(0, 6).every((p) => p === 0)) return "ipv4Compatible";
  }
  return range === "unicast" ? undefined : range;
}

function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
}

/** Parses and validates scheme and credentials; throws `bad-url` otherwise. */
export function parseFetchableUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new HttpFetchError("bad-url", `not a valid URL: ${raw.slice(0, 200)}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpFetchError("bad-url", `scheme ${url.protocol} is not fetched (http and https only)`, { url: raw });
  }
  if (url.hostname === "") throw new HttpFetchError("bad-url", "URL has no host", { url: raw });
  return url;
}

function refuse(host: string, ip: string, why: string, url: string): HttpFetchError {
  const via = host === ip ? "" : ` (resolved to ${ip})`;
  return new HttpFetchError("ssrf-blocked", `refusing to fetch ${host}${via}: ${why} address; add it to allowHosts to permit`, { url });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type LookupFn = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for `net.connect` that refuses blocked addresses. The socket connects to the very
 * addresses checked here, so a DNS answer that changes between check and connect (rebinding)
 * cannot slip through.
 */
export function createGuardedLookup(allow: AllowList, resolve: LookupFn = dnsLookup) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    const host = hostname.replace(/\.$/, "").toLowerCase();
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (!allow.names.has(host)) {
        for (const { address } of addresses) {
          const why = blockedAddressReason(address, allow);
          if (why) return callback(refuse(host, address, why, hostname) as unknown as NodeJS.ErrnoException, []);
        }
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Throws `HttpFetchError` (`bad-url` or `ssrf-blocked`) unless the URL is http(s) and every
 * address its host resolves to is public or allow-listed. `safeFetch` runs this on every hop and
 * also checks at connect time.
 */
export async function assertFetchableUrl(url: string, allowHosts?: string[]): Promise<void> {
  await checkUrl(parseFetchableUrl(url), parseAllowList(allowHosts));
}

/** @internal Same as {@link assertFetchableUrl} with a parsed URL and allow-list. */
export async function checkUrl(url: URL, allow: AllowList, resolve: LookupFn = dnsLookup): Promise<void> {
  const host = hostOf(url);
  if (allow.names.has(host)) return;
  if (isIP(host) !== 0) {
    const why = blockedAddressReason(host, allow);
    if (why) throw refuse(host, host, why, url.href);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((ok, fail) => {
    resolve(host, { all: true }, (err, found) => (err ? fail(err) : ok(found)));
  }).catch((cause: unknown) => {
    throw new HttpFetchError("dns", `cannot resolve ${host}`, { cause, url: url.href });
  });
  for (const { address } of addresses) {
    const why = blockedAddressReason(address, allow);
    if (why) throw refuse(host, address, why, url.href);
  }
}
