// A dispatcher in its own process, for the kill -9 test. argv: databaseUrl redisUrl prefix
import { createSql } from "@vigie/db";
import { createLogger } from "@vigie/logger";
import { runDispatcher } from "../src/dispatcher.ts";
import { PipelineQueues } from "../src/pipeline-queues.ts";
import { createRedis } from "../src/redis.ts";

const [databaseUrl = "", redisUrl = "", prefix = ""] = process.argv.slice(2);
const sql = createSql({ url: databaseUrl, role: "vigie_app", max: 2 });
const queues = new PipelineQueues(createRedis(redisUrl), prefix);
process.stdout.write("ready\n");
await runDispatcher({ sql, queues, logger: createLogger({ level: "silent" }), signal: new AbortController().signal, batchSize: 40 });
