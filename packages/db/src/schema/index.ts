// One file per concern; drizzle-kit reads every file of this folder.
export * from "./core.ts";
export * from "./dedup.ts";
export * from "./projections.ts";
export * from "./api-tokens.ts";
export * from "./watches.ts";
export * from "./story-snapshots.ts";
