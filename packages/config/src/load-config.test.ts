import { describe, expect, it } from "vitest";
import { ConfigError, entityModelFiles, loadConfig } from "./index.ts";

describe("loadConfig", () => {
  it("works with no environment at all", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/vigie");
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.HTTP_ALLOW_HOSTS).toEqual([]);
  });

  it("parses numbers, booleans and lists", () => {
    const config = loadConfig({ DATABASE_POOL_SIZE: "4", VIGIE_EMBEDDED: "false", HTTP_ALLOW_HOSTS: "127.0.0.1, ::1" });
    expect(config.DATABASE_POOL_SIZE).toBe(4);
    expect(config.VIGIE_EMBEDDED).toBe(false);
    expect(config.HTTP_ALLOW_HOSTS).toEqual(["127.0.0.1", "::1"]);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ LOG_LEVEL: "" }).LOG_LEVEL).toBe("info");
  });

  it("names the bad key and what was expected", () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: "http://x", DATABASE_POOL_SIZE: "many" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('REDIS_URL="http://x": expected a URL starting with redis:// or rediss://');
    expect(message).toContain("DATABASE_POOL_SIZE");
    expect((error as ConfigError).problems.map((p) => p.key).sort()).toEqual(["DATABASE_POOL_SIZE", "REDIS_URL"]);
  });

  it("reads Redis Cluster seed nodes as host:port and refuses anything else", () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toEqual([]);
    expect(loadConfig({ REDIS_CLUSTER_NODES: "10.0.0.1:7001, redis-b:7002,[::1]:7003" }).REDIS_CLUSTER_NODES).toEqual([
      "10.0.0.1:7001",
      "redis-b:7002",
      "[::1]:7003",
    ]);
    for (const bad of ["redis://10.0.0.1:7001", "10.0.0.1", "host:0"]) {
      expect(() => loadConfig({ REDIS_CLUSTER_NODES: bad }), bad).toThrow(/REDIS_CLUSTER_NODES.*host:port/);
    }
  });
});

describe("entityModelFiles", () => {
  it("maps ENTITIES_MODEL_FR / ENTITIES_MODEL_EN to loadTagger's modelFiles, leaving unset languages out", () => {
    expect(entityModelFiles(loadConfig({}))).toEqual({});
    expect(entityModelFiles(loadConfig({ ENTITIES_MODEL_EN: "/models/en.bin.gz", ENTITIES_MODEL_FR: "" }))).toEqual({ en: "/models/en.bin.gz" });
    expect(entityModelFiles(loadConfig({ ENTITIES_MODEL_FR: "fr.bin.gz", ENTITIES_MODEL_EN: "en.bin.gz" }))).toEqual({ fr: "fr.bin.gz", en: "en.bin.gz" });
  });
});
