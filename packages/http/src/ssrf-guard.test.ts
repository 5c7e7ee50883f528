import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { HttpFetchError } from "./http-fetch-error.ts";
import { assertFetchableUrl, blockedAddressReason, checkUrl, createGuardedLookup, parseAllowList } from "./ssrf-guard.ts";

describe("blockedAddressReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "carrierGradeNat"],
    ["169.254.169.254", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd00::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["::ffff:127.0.0.1", "ipv4Mapped"],
    ["::ffff:8.8.8.8", "ipv4Mapped"],
    ["::7f00:1", "ipv4Compatible"],
    ["64:ff9b::7f00:1", "loopback"],
    ["2002:a00:1::", "private"],
  ])("refuses %s (%s)", (ip, why) => {
    expect(blockedAddressReason(ip)).toBe(why);
  });

  it.each(["93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "64:ff9b::5db8:d822"])("lets public %s through", (ip) => {
    expect(blockedAddressReason(ip)).toBeUndefined();
  });

  it("honours IP and CIDR allow entries, and only them", () => {
    const allow = parseAllowList(["127.0.0.1", "10.1.0.0/16", "[fd00::1]"]);
    expect(blockedAddressReason("127.0.0.1", allow)).toBeUndefined();
    expect(blockedAddressReason("127.0.0.2", allow)).toBe("loopback");
    expect(blockedAddressReason("10.1.200.3", allow)).toBeUndefined();
    expect(blockedAddressReason("10.2.0.1", allow)).toBe("private");
    expect(blockedAddressReason("fd00::1", allow)).toBeUndefined();
  });
});

function fakeResolver(table: Record<string, string[]>) {
  return (host: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void): void => {
    const found = table[host];
    if (!found) return callback(Object.assign(new Error("not found"), { code: "ENOTFOUND" }), []);
    callback(
      null,
      found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  };
}

describe("checkUrl / assertFetchableUrl", () => {
  const resolve = fakeResolver({ "feeds.example": ["93.184.216.34"], "mixed.example": ["93.184.216.34", "10.0.0.7"], "intranet.example": ["192.168.0.2"] });

  it("refuses a name when any of its addresses is private", async () => {
    await expect(checkUrl(new URL("http://feeds.example/rss"), parseAllowList(), resolve)).resolves.toBeUndefined();
    await expect(checkUrl(new URL("http://mixed.example/rss"), parseAllowList(), resolve)).rejects.toMatchObject({ reason: "ssrf-blocked", permanent: true });
  });

  it("lets an allow-listed name through whatever it resolves to", async () => {
    await expect(checkUrl(new URL("http://intranet.example/"), parseAllowList(["intranet.example"]), resolve)).resolves.toBeUndefined();
  });

  it("reports unresolvable names as transient dns errors", async () => {
    await expect(checkUrl(new URL("http://nowhere.example/"), parseAllowList(), resolve)).rejects.toMatchObject({ reason: "dns", permanent: false });
  });

  it.each(["ftp://example.org/feed", "file:///etc/passwd", "javascript:alert(1)", "not a url", "http://"])("refuses %s as bad-url", async (url) => {
    await expect(assertFetchableUrl(url)).rejects.toMatchObject({ name: "HttpFetchError", reason: "bad-url", permanent: true });
  });

  it.each([
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://localhost/",
  ])("refuses %s", async (url) => {
    await expect(assertFetchableUrl(url)).rejects.toMatchObject({ reason: "ssrf-blocked" });
  });
});

describe("createGuardedLookup", () => {
  it("fails the connection when the name resolves to a private address at connect time", async () => {
    const lookup = createGuardedLookup(parseAllowList(), fakeResolver({ "rebind.example": ["10.0.0.5"] }));
    const err = await new Promise<unknown>((resolve) => lookup("rebind.example", { all: true }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(HttpFetchError);
    expect(err).toMatchObject({ reason: "ssrf-blocked" });
  });

  it("answers in the shape net.connect asked for", async () => {
    const lookup = createGuardedLookup(parseAllowList(), fakeResolver({ "ok.example": ["93.184.216.34", "2606:2800::1"] }));
    const one = await new Promise<unknown[]>((resolve) => lookup("ok.example", {}, (...args) => resolve(args)));
    expect(one).toEqual([null, "93.184.216.34", 4]);
    const all = await new Promise<unknown[]>((resolve) => lookup("ok.example", { all: true }, (...args) => resolve(args)));
    expect(all[1]).toHaveLength(2);
  });
});
