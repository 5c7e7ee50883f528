// A watcher in its own process, for the kill -9 test. argv: databaseUrl
import { createSql } from "@vigie/db";
import { createLogger } from "@vigie/logger";
import { runWatcher } from "../src/run-watcher.ts";

const [databaseUrl = ""] = process.argv.slice(2);
const sql = createSql({ url: databaseUrl, role: "vigie_app", max: 3 });
process.stdout.write("ready\n");
await runWatcher({ sql, logger: createLogger({ level: "silent" }), signal: new AbortController().signal, batchSize: 20, maxPollMs: 100 });
