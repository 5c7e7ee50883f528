import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./webhook-signature.ts";

const secret = "whsec_test-secret";
const body = '{"type":"watch.matched","matches":[]}';

describe("webhook signatures", () => {
  it("verifies what it signed, over the exact body", () => {
    const header = signWebhook(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret, body, header, now: 1_800_000_010 })).toEqual({ ok: true, timestamp: 1_800_000_000 });
    expect(verifyWebhook({ secret, body: Buffer.from(body), header, now: 1_800_000_010 }).ok).toBe(true);
  });
  it("refuses another body, another secret, an old timestamp, a broken header", () => {
    const header = signWebhook(secret, body, 1_800_000_000);
    expect(verifyWebhook({ secret, body: body.replace("[]", "[1]"), header, now: 1_800_000_000 })).toEqual({ ok: false, reason: "signature-mismatch" });
    expect(verifyWebhook({ secret: "whsec_other", body, header, now: 1_800_000_000 })).toEqual({ ok: false, reason: "signature-mismatch" });
    expect(verifyWebhook({ secret, body, header, now: 1_800_000_301 })).toEqual({ ok: false, reason: "timestamp-out-of-tolerance" });
    expect(verifyWebhook({ secret, body, header: "v1=abc", now: 1_800_000_000 })).toEqual({ ok: false, reason: "malformed-header" });
    expect(verifyWebhook({ secret, body, header: undefined })).toEqual({ ok: false, reason: "missing-header" });
  });
  it("accepts any matching v1 during a secret rotation", () => {
    const signed = signWebhook(secret, body, 1_800_000_000);
    const other = signWebhook("whsec_old", body, 1_800_000_000).split(",")[1];
    expect(verifyWebhook({ secret, body, header: `${signed.split(",")[0]},${other},${signed.split(",")[1]}`, now: 1_800_000_000 }).ok).toBe(true);
  });
});
