/** Why an article joined a story: the event carries it. */
export interface StoryExplanation {
  score: number;
  entities: number;
  terms: number;
  crossLingual: number;
  /** Hours between the article and the story's latest article. */
  hours: number;
  /** The features that weighed most in the score. */
  shared: string[];
}

export type StoryDecision =
  | { kind: "start"; storyId: string; nearest?: StoryExplanation & { storyId: string } }
  | { kind: "join"; storyId: string; explanation: StoryExplanation; previousStoryId?: string; merges: { storyId: string; score: number }[] };
