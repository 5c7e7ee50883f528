export { startStoryWorker, type StoryWorkerOptions } from "./start-story.ts";
export { assignStory, recordStoryFailure, type StoryDeps } from "./assign-story.ts";
export { StoryAssigner, type StoryDecisionEvent } from "./story-assigner.ts";
