export { startStoryWorker, type StoryWorkerOptions } from "./start-story.ts";
export { assignStory, recordStoryFailure, type StoryDeps } from "./assign-story.ts";
export { StoryAssigner, type StoryDecisionEvent, type StorySnapshotOptions } from "./story-assigner.ts";
export { readStorySnapshot, writeStorySnapshot, type StoredStorySnapshot } from "./story-snapshot-store.ts";
