import { createHash } from "node:crypto";

/** What identity is derived from. */
export interface IdentityInput {
  guid?: string;
  link?: string;
  title?: string;
  published?: string;
  updated?: string;
  summary?: string;
}

/** Whether a feed's GUIDs can be trusted, and if not, why. */
export interface GuidHealth {
  useGuids: boolean;
  reason?: "all-equal" | "duplicates" | "changing";
}

// Tracking parameters that make one article look like several URLs (xtor is common in French media).
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_ga|igshid|at_medium|at_campaign)$/i;

/** Light canonical form used as an identity: no fragment, no tracking parameters, lower-case host. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = "";
    for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
    if ([...url.searchParams.keys()].length === 0) url.search = "";
    return url.href;
  } catch {
    return link.trim();
  }
}

/**
 * Judges a feed's GUIDs: broken when two items share one (`all-equal` when they all do), or —
 * given the previous poll's items — when the same links came back with different GUIDs for at
 * least half of them (`changing`, e.g. GUIDs built from the fetch time).
 */
export function assessGuids(items: IdentityInput[], previous?: readonly { guid?: string; link?: string }[]): GuidHealth {
  const guids = items.map((i) => i.guid?.trim()).filter((g): g is string => g !== undefined && g !== "");
  const distinct = new Set(guids);
  if (guids.length >= 2 && distinct.size === 1) return { useGuids: false, reason: "all-equal" };
  if (distinct.size < guids.length) return { useGuids: false, reason: "duplicates" };
  if (previous && previous.length > 0) {
    const before = new Map<string, string>();
    for (const p of previous) if (p.link && p.guid) before.set(canonicalLink(p.link), p.guid.trim());
    let overlap = 0;
    let changed = 0;
    for (const item of items) {
      const old = item.link ? before.get(canonicalLink(item.link)) : undefined;
      if (old === undefined || !item.guid) continue;
      overlap += 1;
      if (old !== item.guid.trim()) changed += 1;
    }
    if (overlap >= 2 && changed * 2 >= overlap) return { useGuids: false, reason: "changing" };
  }
  return { useGuids: true };
}

/**
 * Identity of one item: its GUID (unless the feed's GUIDs are judged broken), else its canonical
 * link, else `sha256:` of title and date (summary when there is no title).
 */
export function itemIdentity(item: IdentityInput, health: GuidHealth = { useGuids: true }): string {
  const guid = item.guid?.trim();
  if (health.useGuids && guid) return guid;
  if (item.link) return canonicalLink(item.link);
  const basis = `${item.title ?? item.summary ?? ""}\n${item.published ?? item.updated ?? ""}`;
  return `sha256:${createHash("sha256").update(basis).digest("hex")}`;
}

/** Identities for a whole poll; items with no distinguishing data at all get an ordinal suffix. */
export function assignItemIds(items: IdentityInput[], previous?: readonly { guid?: string; link?: string }[]): string[] {
  const health = assessGuids(items, previous);
  const seen = new Map<string, number>();
  return items.map((item) => {
    const id = itemIdentity(item, health);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}#${n + 1}`;
  });
}
