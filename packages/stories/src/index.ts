export { StoryModel, type StoryModelOptions, type StoryDecision, type StoryExplanation, type StoryModelSnapshot } from "./story-model.ts";
export { articleSignature, type Signature, type SignatureOptions, type StoryArticle } from "./signature.ts";
export { BilingualLexicon, loadBilingualLexicon, addNewsVocabulary } from "./bilingual-lexicon.ts";
export { bCubed, crossLingualPairRecall, type Clustering } from "./b-cubed.ts";
export { parseEvaluationSet, EvaluationSetError, type LabelledArticle } from "./evaluation-set.ts";
