import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, jobLogger } from "./index.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { lines, destination };
}

describe("createLogger", () => {
  it("redacts secrets in configs, headers and nested objects", () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination });
    log.info(
      {
        config: { DATABASE_URL: "postgres://u:hunter2@db/x", REDIS_URL: "redis://:pw@r", LOG_LEVEL: "info" },
        headers: { authorization: "Bearer abc123" },
        token: "tok_secret",
      },
      "config loaded",
    );
    const text = JSON.stringify(lines);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("abc123");
    expect(text).not.toContain("tok_secret");
    expect(lines[0]?.msg).toBe("config loaded");
    expect((lines[0]?.config as Record<string, unknown>).LOG_LEVEL).toBe("info");
  });

  it("serialises errors under err and carries job context in children", () => {
    const { lines, destination } = capture();
    const log = jobLogger(createLogger({ destination }), { queue: "fetch", jobId: "j1", correlationId: "c1" });
    log.error({ err: new Error("boom") }, "job failed");
    expect(lines[0]).toMatchObject({ queue: "fetch", jobId: "j1", correlationId: "c1", msg: "job failed" });
    expect((lines[0]?.err as { message: string }).message).toBe("boom");
  });
});
