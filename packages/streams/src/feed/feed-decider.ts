import type { Decider } from "../decider.ts";
import { decideFeed, type FeedCommand } from "./decide-feed.ts";
import { evolveFeed, initialFeedState, type FeedEventType, type FeedState } from "./feed-stream.ts";

/** The feed stream as a decider, for one feed. */
export function feedDecider(feedId: string, producer: string): Decider<FeedState, FeedCommand, FeedEventType> {
  return {
    initialState: () => initialFeedState(feedId),
    evolve: evolveFeed,
    decide: (command, state) => decideFeed(command, state, producer),
  };
}
