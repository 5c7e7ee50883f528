/**
 * Query parameters that only carry campaign or click attribution: removing them never changes the
 * page served. Compared case-insensitively. Sources: the vendors' own documentation for each
 * parameter (Google Analytics/Ads, Meta, Microsoft Ads, Mailchimp, AT Internet/Piano, HubSpot,
 * Marketo, Yandex, Adobe, BBC/comScore).
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "ttclid",
  "li_fat_id",
  "igshid",
  "igsh",
  "mc_cid",
  "mc_eid",
  "xtor",
  "xtref",
  "xts",
  "at_medium",
  "at_campaign",
  "at_send_date",
  "at_creation",
  "at_emailtype",
  "at_recipient_id",
  "at_recipient_list",
  "at_ptr_name",
  "at_link",
  "at_link_id",
  "at_link_type",
  "at_link_origin",
  "at_platform",
  "at_format",
  "at_custom1",
  "at_custom2",
  "at_custom3",
  "at_custom4",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "__hstc",
  "__hssc",
  "__hsfp",
  "hsctatracking",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "vero_conv",
  "s_cid",
  "s_kwcid",
  "ns_source",
  "ns_mchannel",
  "ns_campaign",
  "ns_linkname",
  "ns_fee",
  "ocid",
  "cmpid",
  "icid",
  "ito",
  "ncid",
  "sr_share",
  "rb_clickid",
  "wt_mc",
  "wt.mc_id",
  "ref_src",
  "ref_url",
  "smid",
  "smtyp",
  "fb_action_ids",
  "fb_action_types",
  "fb_ref",
  "fb_source",
  "action_object_map",
  "action_type_map",
  "action_ref_map",
  "spm",
  "share_id",
  "cid_src",
]);

/** Prefixes of whole families of tracking parameters (`utm_source`, `utm_medium`, `pk_campaign`, …). */
export const TRACKING_PREFIXES: readonly string[] = ["utm_", "pk_", "mtm_", "hmb_", "at_custom"];

/** Session identifiers sometimes carried in the path (`;jsessionid=…`) or query. */
export const SESSION_PARAMS: ReadonlySet<string> = new Set(["jsessionid", "phpsessid", "sessionid"]);

/**
 * Parameters that only select an AMP or mobile rendering of the same page: dropped from the lossy
 * match key only. `null` means any value.
 */
export const VARIANT_PARAMS: ReadonlyMap<string, ReadonlySet<string> | null> = new Map([
  ["amp", new Set(["", "1", "true", "yes"])],
  ["outputtype", new Set(["amp"])],
  ["output", new Set(["amp"])],
  ["_amp", new Set(["true", "1"])],
  ["m", new Set(["1"])],
  ["mobile", new Set(["1", "true"])],
]);

export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || SESSION_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}
