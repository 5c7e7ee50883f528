import { describe, expect, it } from "vitest";
import { deciderSpecification } from "../testing/decider-specification.ts";
import { UnknownFeedError } from "../errors/unknown-feed-error.ts";
import { FeedRemovedError } from "../errors/feed-removed-error.ts";
import { feedDecider } from "./feed-decider.ts";
import { displayTitle, foldFeed } from "./feed-stream.ts";

const feedId = "f1";
const url = "https://example.org/feed.xml";
const spec = deciderSpecification(feedDecider(feedId, "test"));
const registered = { type: "FeedRegistered", data: { feedId, url } } as const;
const removed = { type: "FeedRemoved", data: { feedId } } as const;
const disabled = { type: "FeedDisabled", data: { feedId, reason: "too-many-failures", consecutiveFailures: 10 } } as const;

describe("feed decider: register", () => {
  it("registers a new feed", () => {
    spec
      .given([])
      .when({ type: "RegisterFeed", url, title: "Le Monde" })
      .then([{ type: "FeedRegistered", data: { feedId, url, title: "Le Monde" } }]);
  });
  it("does nothing for a feed already registered, active or disabled", () => {
    spec.given([registered]).when({ type: "RegisterFeed", url }).thenNothingHappened();
    spec.given([registered, disabled]).when({ type: "RegisterFeed", url }).thenNothingHappened();
  });
  it("registers a removed feed again, with an id of its own (the first registration's id is taken)", () => {
    spec
      .given([registered, removed])
      .when({ type: "RegisterFeed", url })
      .then([{ type: "FeedRegistered", data: { feedId, url } }]);
    const decider = feedDecider(feedId, "test");
    const first = decider.decide({ type: "RegisterFeed", url }, decider.initialState())[0]?.eventId;
    const state = foldFeed(
      feedId,
      [registered, removed].map((e, i) => ({ ...e, eventId: `e${i}`, streamVersion: i + 1, recordedAt: new Date() })),
    );
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
    spec
      .given([registered, disabled])
      .when({ type: "EnableFeed" })
      .then([{ type: "FeedEnabled", data: { feedId } }]);
    spec.given([registered]).when({ type: "EnableFeed" }).thenNothingHappened();
  });
  it("never enables or disables a removed feed: it must be registered again", () => {
    spec.given([registered, removed]).when({ type: "EnableFeed" }).thenThrows(FeedRemovedError);
    spec.given([registered, removed]).when({ type: "DisableFeed" }).thenThrows(FeedRemovedError);
  });
  it("disables by hand, and removing twice is one removal", () => {
    spec
      .given([registered])
      .when({ type: "DisableFeed" })
      .then([{ type: "FeedDisabled", data: { feedId, reason: "manual" } }]);
    spec
      .given([registered])
      .when({ type: "RemoveFeed" })
      .then([{ type: "FeedRemoved", data: { feedId } }]);
    spec.given([registered, removed]).when({ type: "RemoveFeed" }).thenNothingHappened();
  });
  it("a re-registered feed can be disabled again", () => {
    spec
      .given([registered, removed, registered])
      .when({ type: "DisableFeed" })
      .then([{ type: "FeedDisabled" }]);
  });
});

describe("feed decider: names, categories and a pinned interval", () => {
  const categorized = (categories: string[]) => ({ type: "FeedCategorized", data: { feedId, categories } }) as const;
  it("registers with categories and a pinned interval as events of their own", () => {
    spec
      .given([])
      .when({ type: "RegisterFeed", url, categories: [" Politique ", "france", "politique", ""], intervalSeconds: 120 })
      .then([
        { type: "FeedRegistered", data: { feedId, url } },
        { type: "FeedCategorized", data: { feedId, categories: ["Politique", "france"] } },
        { type: "FeedIntervalPinned", data: { feedId, seconds: 120 } },
      ]);
  });
  it("adding a registered feed again with other categories replaces them; the same ones change nothing", () => {
    spec
      .given([registered, categorized(["a"])])
      .when({ type: "RegisterFeed", url, categories: ["b"] })
      .then([categorized(["b"])]);
    spec
      .given([registered, categorized(["a"])])
      .when({ type: "RegisterFeed", url, categories: ["a"] })
      .thenNothingHappened();
    spec
      .given([registered, categorized(["a"])])
      .when({ type: "RegisterFeed", url })
      .thenNothingHappened();
  });
  it("renames, and a rename without a title goes back to the feed's own", () => {
    spec
      .given([registered])
      .when({ type: "RenameFeed", title: " Le Monde " })
      .then([{ type: "FeedRenamed", data: { feedId, title: "Le Monde" } }]);
    spec
      .given([registered, { type: "FeedRenamed", data: { feedId, title: "Le Monde" } }])
      .when({ type: "RenameFeed", title: "Le Monde" })
      .thenNothingHappened();
    spec
      .given([registered, { type: "FeedRenamed", data: { feedId, title: "Le Monde" } }])
      .when({ type: "RenameFeed" })
      .then([{ type: "FeedRenamed", data: { feedId } }]);
    spec.given([registered]).when({ type: "RenameFeed" }).thenNothingHappened();
  });
  it("pins and unpins the interval", () => {
    const pinned = { type: "FeedIntervalPinned", data: { feedId, seconds: 60 } } as const;
    spec.given([registered]).when({ type: "PinFeedInterval", seconds: 60 }).then([pinned]);
    spec.given([registered, pinned]).when({ type: "PinFeedInterval", seconds: 60 }).thenNothingHappened();
    spec
      .given([registered, pinned])
      .when({ type: "PinFeedInterval" })
      .then([{ type: "FeedIntervalPinned", data: { feedId } }]);
  });
  it("clears categories with an empty list, and refuses changes to a removed or unknown feed", () => {
    spec
      .given([registered, categorized(["a"])])
      .when({ type: "CategorizeFeed", categories: [] })
      .then([categorized([])]);
    spec
      .given([registered, removed])
      .when({ type: "CategorizeFeed", categories: ["a"] })
      .thenThrows(FeedRemovedError);
    spec.given([registered, removed]).when({ type: "RenameFeed", title: "x" }).thenThrows(FeedRemovedError);
    spec.given([]).when({ type: "PinFeedInterval", seconds: 60 }).thenThrows(UnknownFeedError);
  });
  it("folds names, details, categories and the pinned interval; the person's title wins over the feed's", () => {
    const events = [
      registered,
      { type: "FeedDetailsChanged", data: { feedId, title: "Own title", siteUrl: "https://example.org/", language: "fr" } },
      categorized(["a", "b"]),
      { type: "FeedIntervalPinned", data: { feedId, seconds: 90 } },
    ];
    const at = new Date();
    const state = foldFeed(
      feedId,
      events.map((e, i) => ({ ...e, eventId: `e${i}`, streamVersion: i + 1, recordedAt: at })),
    );
    expect(state).toMatchObject({
      details: { title: "Own title", siteUrl: "https://example.org/", language: "fr" },
      categories: ["a", "b"],
      pinnedIntervalSeconds: 90,
    });
    expect(displayTitle(state)).toBe("Own title");
    const renamed = foldFeed(
      feedId,
      [...events, { type: "FeedRenamed", data: { feedId, title: "Mine" } }].map((e, i) => ({ ...e, eventId: `e${i}`, streamVersion: i + 1, recordedAt: at })),
    );
    expect(displayTitle(renamed)).toBe("Mine");
  });
});
