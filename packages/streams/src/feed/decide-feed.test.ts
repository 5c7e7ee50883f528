import { describe, expect, it } from "vitest";
import { deciderSpecification } from "../testing/decider-specification.ts";
import { UnknownFeedError } from "../errors/unknown-feed-error.ts";
import { FeedRemovedError } from "../errors/feed-removed-error.ts";
import { feedDecider } from "./feed-decider.ts";
import { foldFeed } from "./feed-stream.ts";

const feedId = "f1";
const url = "https://example.org/feed.xml";
const spec = deciderSpecification(feedDecider(feedId, "test"));
const registered = { type: "FeedRegistered", data: { feedId, url } } as const;
const removed = { type: "FeedRemoved", data: { feedId } } as const;
const disabled = { type: "FeedDisabled", data: { feedId, reason: "too-many-failures", consecutiveFailures: 10 } } as const;

describe("feed decider: register", () => {
  it("registers a new feed", () => {
    spec.given([]).when({ type: "RegisterFeed", url, title: "Le Monde" }).then([{ type: "FeedRegistered", data: { feedId, url, title: "Le Monde" } }]);
  });
  it("does nothing for a feed already registered, active or disabled", () => {
    spec.given([registered]).when({ type: "RegisterFeed", url }).thenNothingHappened();
    spec.given([registered, disabled]).when({ type: "RegisterFeed", url }).thenNothingHappened();
  });
  it("registers a removed feed again, with an id of its own (the first registration's id is taken)", () => {
    spec.given([registered, removed]).when({ type: "RegisterFeed", url }).then([{ type: "FeedRegistered", data: { feedId, url } }]);
    const decider = feedDecider(feedId, "test");
    const first = decider.decide({ type: "RegisterFeed", url }, decider.initialState())[0]?.eventId;
    const state = foldFeed(feedId, [registered, removed].map((e, i) => ({ ...e, eventId: `e${i}`, streamVersion: i + 1, recordedAt: new Date() })));
    const again = decider.decide({ type: "RegisterFeed", url }, state)[0]?.eventId;
    expect(again).toBeDefined();
    expect(again).not.toBe(first);
  });
});

describe("feed decider: enable, disable, remove", () => {
  it("refuses commands for a feed never registered", () => {
    spec.given([]).when({ type: "EnableFeed" }).thenThrows(UnknownFeedError);
    spec.given([]).when({ type: "RemoveFeed" }).thenThrows(UnknownFeedError);
  });
  it("enables a disabled feed and nothing else", () => {
    spec.given([registered, disabled]).when({ type: "EnableFeed" }).then([{ type: "FeedEnabled", data: { feedId } }]);
    spec.given([registered]).when({ type: "EnableFeed" }).thenNothingHappened();
  });
  it("never enables or disables a removed feed: it must be registered again", () => {
    spec.given([registered, removed]).when({ type: "EnableFeed" }).thenThrows(FeedRemovedError);
    spec.given([registered, removed]).when({ type: "DisableFeed" }).thenThrows(FeedRemovedError);
  });
  it("disables by hand, and removing twice is one removal", () => {
    spec.given([registered]).when({ type: "DisableFeed" }).then([{ type: "FeedDisabled", data: { feedId, reason: "manual" } }]);
    spec.given([registered]).when({ type: "RemoveFeed" }).then([{ type: "FeedRemoved", data: { feedId } }]);
    spec.given([registered, removed]).when({ type: "RemoveFeed" }).thenNothingHappened();
  });
  it("a re-registered feed can be disabled again", () => {
    spec.given([registered, removed, registered]).when({ type: "DisableFeed" }).then([{ type: "FeedDisabled" }]);
  });
});
