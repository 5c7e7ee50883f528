export { logConsumers, startPipeline, type Pipeline, type PipelineOptions } from "./start-pipeline.ts";
export { bootstrap, type Bootstrapped } from "./bootstrap.ts";
export { waitForIdle } from "./wait-for-idle.ts";
export { summarizeArticles, formatSummary, type ArticleSummary } from "./summarize.ts";
