import { Command, InvalidArgumentError } from "commander";
import { watchMatchesStreamId } from "@vigie/contracts";
import { catchUpProjection, listWatchSummaries, readWatchSummary, watchesProjection, watchJson, watchStateView, type WatchSummary } from "@vigie/projections";
import { changeWatch, createWatch, loadWatch, signingKeyOf, webhookSecret, WebhookTargetRefusedError } from "@vigie/runtime";
import { createRedis, PipelineQueues } from "@vigie/queue";
import { isLive, UnknownWatchError, type WatchDefinition, type WatchState } from "@vigie/streams";
import { redeliverWatch, RedeliveryRefusedError } from "@vigie/watcher";
import { withContext, type CliContext } from "../context.ts";
import { print } from "../output.ts";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseVersion(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 0) throw new InvalidArgumentError("expected a match version (a whole number, 0 or more)");
  return version;
}

function parseDigest(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 604_800) throw new InvalidArgumentError("expected whole seconds from 60 to 604800");
  return seconds;
}

/** What `describe` prints of a watch, from its stream or from the read model. */
type WatchView = Pick<WatchSummary, "watchId" | "name" | "query" | "entityIds" | "languages" | "feedIds" | "webhookUrl" | "delivery" | "digestSeconds"> &
  Pick<WatchSummary, "deliveryEnabled" | "consecutiveFailures" | "delivered"> & { matches?: number | undefined };

/** A read-model row as --json prints it (the API's `WatchSummary` fields). */
const rowJson = (w: WatchSummary) => ({
  ...w,
  lastMatchedAt: w.lastMatchedAt?.toISOString() ?? null,
  lastDeliveredAt: w.lastDeliveredAt?.toISOString() ?? null,
  lastFailedAt: w.lastFailedAt?.toISOString() ?? null,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

const describe = (w: WatchView): string =>
  [
    `${w.watchId}${w.name ? ` ${w.name}` : ""}`,
    w.query ? `  query: ${w.query}` : undefined,
    w.entityIds.length > 0 ? `  entities: ${w.entityIds.join(", ")}` : undefined,
    w.languages.length > 0 ? `  languages: ${w.languages.join(", ")}` : undefined,
    w.feedIds.length > 0 ? `  feeds: ${w.feedIds.join(", ")}` : undefined,
    w.webhookUrl
      ? `  webhook: ${w.webhookUrl} (${w.delivery === "digest" ? `digest every ${w.digestSeconds ?? 3600} s` : "each match"}; ${w.deliveryEnabled ? "enabled" : `DISABLED after ${w.consecutiveFailures} failures`}; delivered ${w.delivered})`
      : "  no webhook (matches are recorded only)",
    w.matches === undefined ? undefined : `  matches: ${w.matches}`,
  ]
    .filter((line) => line !== undefined)
    .join("\n");

/**
 * The watches read model, brought up to date first when no `vigie start` keeps it so (a person
 * who adds a watch and lists at once sees it either way).
 */
async function readModel(ctx: CliContext): Promise<void> {
  await catchUpProjection(ctx.sql, watchesProjection);
}

/** One refusal line and exit code 2, as `vigie feeds` does. */
async function refusing(command: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (
      err instanceof WebhookTargetRefusedError ||
      err instanceof UnknownWatchError ||
      err instanceof InvalidArgumentError ||
      err instanceof RedeliveryRefusedError
    ) {
      process.stderr.write(`vigie watches ${command}: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}

async function live(ctx: CliContext, watchId: string): Promise<WatchState> {
  const state = await loadWatch(ctx.store, watchId);
  if (!isLive(state)) throw new UnknownWatchError(watchId);
  return state;
}

interface CriteriaOptions {
  name?: string;
  query?: string;
  entity: string[];
  language: string[];
  feed: string[];
  webhook?: string;
  digest?: number;
}

const criteriaOptions = (command: Command): Command =>
  command
    .option("--name <name>", "a name for people")
    .option("--query <query>", 'web-search syntax: words, "a phrase", -excluded, a or b (case, accents and plural s ignored)')
    .option("--entity <id>", "an entity id (as tagged); repeat for any of several", collect, [])
    .option("--language <code>", "a language (fr, en…); repeat for any of several", collect, [])
    .option("--feed <id>", "a feed id; repeat for any of several", collect, [])
    .option("--webhook <url>", "POST matches there (https, or an allow-listed host), signed")
    .option("--digest <seconds>", "one delivery per period with every new match, instead of one per match", parseDigest);

function definitionFrom(options: CriteriaOptions, base?: WatchDefinition): WatchDefinition {
  const definition: WatchDefinition = {
    ...base,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.query === undefined ? {} : { query: options.query }),
    entityIds: options.entity.length > 0 ? options.entity : (base?.entityIds ?? []),
    languages: options.language.length > 0 ? options.language : (base?.languages ?? []),
    feedIds: options.feed.length > 0 ? options.feed : (base?.feedIds ?? []),
    ...(options.webhook === undefined ? {} : { webhookUrl: options.webhook }),
    delivery: options.digest === undefined ? (base?.delivery ?? "each") : "digest",
    ...(options.digest === undefined ? {} : { digestSeconds: options.digest }),
  };
  if (definition.query === undefined && definition.entityIds.length === 0) throw new InvalidArgumentError("a watch needs --query or at least one --entity");
  return definition;
}

export function watchesCommand(): Command {
  const watches = new Command("watches").description("saved queries on tagged articles, with signed webhook alerts (see docs/watches.md)");

  watches.addCommand(
    criteriaOptions(new Command("add").description("create a watch (WatchCreated); prints its id and webhook signing secret"))
      .option("--json", "print the result as JSON")
      .action(async (options: CriteriaOptions & { json?: boolean }) =>
        withContext((ctx) =>
          refusing("add", async () => {
            const state = await createWatch(ctx.store, "cli", definitionFrom(options), { allowHosts: ctx.config.HTTP_ALLOW_HOSTS, producer: "cli" });
            const secret = webhookSecret(signingKeyOf(ctx.config), state.watchId, state.secretVersion);
            print(options, { ...watchJson(state), secret }, () => `created ${describe(watchStateView(state))}\n  signing secret: ${secret}`);
          }),
        ),
      ),
  );

  watches.addCommand(
    new Command("list")
      .description("the live watches")
      .option("--owner <owner>", "only the watches of this owner (an API token id, `cli`, `anonymous`)")
      .option("--json", "print the result as JSON")
      .action(async (options: { owner?: string; json?: boolean }) =>
        withContext(async (ctx) => {
          await readModel(ctx);
          const watches = await listWatchSummaries(ctx.sql, { owner: options.owner });
          print(options, { watches: watches.map(rowJson) }, () => (watches.length === 0 ? "no watches" : watches.map(describe).join("\n")));
        }),
      ),
  );

  watches.addCommand(
    new Command("show")
      .description("one watch, its delivery health and its latest matches")
      .argument("<id>", "watch id")
      .option("--limit <n>", "latest matches shown", (v) => Number.parseInt(v, 10), 10)
      .option("--json", "print the result as JSON")
      .action(async (watchId: string, options: { limit: number; json?: boolean }) =>
        withContext((ctx) =>
          refusing("show", async () => {
            await readModel(ctx);
            const row = await readWatchSummary(ctx.sql, watchId);
            if (row?.status === "deleted") throw new UnknownWatchError(watchId);
            // A row is missing only while a live `vigie start` has not projected a watch just created.
            const watch = row ? { ...rowJson(row), view: { ...row } } : await live(ctx, watchId).then((s) => ({ ...watchJson(s), view: watchStateView(s) }));
            const version = await ctx.store.streamVersion(watchMatchesStreamId(watchId));
            const matches = (await ctx.store.readStream(watchMatchesStreamId(watchId), { fromVersion: Math.max(1, version - options.limit + 1) })).map((e) => ({
              version: e.streamVersion,
              matchedAt: e.recordedAt.toISOString(),
              ...(e.data as { articleId: string; title?: string; url?: string }),
            }));
            const { view, ...json } = watch;
            print(options, { ...json, matches: version, latest: matches }, () =>
              [
                describe({ ...view, matches: version }),
                ...matches.map((m) => `  #${m.version} ${m.matchedAt} ${m.title ?? m.articleId} ${m.url ?? ""}`.trimEnd()),
              ].join("\n"),
            );
          }),
        ),
      ),
  );

  watches.addCommand(
    criteriaOptions(new Command("edit").description("change a watch (WatchUpdated): given options replace the watch's"))
      .argument("<id>", "watch id")
      .option("--no-webhook", "remove the webhook (matches are then only recorded)")
      .option("--rotate-secret", "derive a new webhook signing secret and print it")
      .option("--json", "print the result as JSON")
      .action(async (watchId: string, options: Omit<CriteriaOptions, "webhook"> & { webhook?: string | false; rotateSecret?: boolean; json?: boolean }) =>
        withContext((ctx) =>
          refusing("edit", async () => {
            const current = await live(ctx, watchId);
            const base = { ...current.definition };
            if (options.webhook === false) delete base.webhookUrl;
            const definition = definitionFrom({ ...options, webhook: options.webhook === false ? undefined : options.webhook }, base);
            const { state, event } = await changeWatch(
              ctx.store,
              watchId,
              { type: "UpdateWatch", definition, rotateSecret: options.rotateSecret },
              { allowHosts: ctx.config.HTTP_ALLOW_HOSTS, producer: "cli" },
            );
            const secret = options.rotateSecret ? webhookSecret(signingKeyOf(ctx.config), watchId, state.secretVersion) : undefined;
            print(
              options,
              { ...watchJson(state), event, ...(secret ? { secret } : {}) },
              () => `${event ? "updated" : "unchanged"}: ${describe(watchStateView(state))}${secret ? `\n  signing secret: ${secret}` : ""}`,
            );
          }),
        ),
      ),
  );

  for (const [name, description, type] of [
    ["remove", "delete a watch (WatchDeleted): no more matches or deliveries", "DeleteWatch"],
    ["enable", "re-enable a delivery disabled after failures (WatchDeliveryEnabled), with a fresh run of attempts", "EnableDelivery"],
  ] as const) {
    watches.addCommand(
      new Command(name)
        .description(description)
        .argument("<id>", "watch id")
        .option("--json", "print the result as JSON")
        .action(async (watchId: string, options: { json?: boolean }) =>
          withContext((ctx) =>
            refusing(name, async () => {
              const { event } = await changeWatch(ctx.store, watchId, { type }, { allowHosts: ctx.config.HTTP_ALLOW_HOSTS, producer: "cli" });
              print(options, { watchId, event }, () => `${watchId}: ${event ?? "nothing to do"}`);
            }),
          ),
        ),
    );
  }

  watches.addCommand(
    new Command("redeliver")
      .description("send a watch's deliveries again, under their first idempotency keys (receivers drop what they have); each attempt is an event of this run")
      .argument("<id>", "watch id")
      .option("--since <version>", "only matches after this version (the `version` of /v1/watches/:id/matches, the SSE id)", parseVersion, 0)
      .option("--failed", "only what was never acknowledged: failed for good, or matched while delivery was disabled (digest: one digest run now)")
      .option("--dry-run", "count what would be sent, enqueue nothing")
      .option("--json", "print the summary as JSON")
      .addHelpText(
        "after",
        "\nDeliveries go through the alert queue (vigie start, or vigie worker alert): retried, signed, recorded like the first ones.\nExamples:\n  vigie watches redeliver <id> --failed\n  vigie watches redeliver <id> --since 120 --dry-run --json\n",
      )
      .action(async (watchId: string, options: { since: number; failed?: boolean; dryRun?: boolean; json?: boolean }) =>
        withContext((ctx) =>
          refusing("redeliver", async () => {
            const redis = createRedis(ctx.config.REDIS_URL, { name: "vigie-redeliver", clusterNodes: ctx.config.REDIS_CLUSTER_NODES });
            const queues = new PipelineQueues(redis, ctx.config.REDIS_PREFIX);
            try {
              const summary = await redeliverWatch({
                store: ctx.store,
                queues,
                watchId,
                since: options.since,
                failedOnly: options.failed,
                dryRun: options.dryRun,
              });
              print(options, summary, () =>
                [
                  `${summary.dryRun ? "dry run: " : ""}watch ${watchId} (${summary.mode}), matches after #${summary.since}: ${summary.scanned} read`,
                  summary.failedOnly ? `  ${summary.alreadyDelivered} already acknowledged (left alone)` : undefined,
                  summary.stillQueued > 0 ? `  ${summary.stillQueued} still queued for their first delivery (left to it)` : undefined,
                  `  ${summary.enqueued} ${summary.mode === "digest" ? "digest deliveries" : "deliveries"} ${summary.dryRun ? "would be enqueued" : `enqueued (run ${summary.run})`}`,
                ]
                  .filter((line) => line !== undefined)
                  .join("\n"),
              );
            } finally {
              await queues.close();
              redis.disconnect();
            }
          }),
        ),
      ),
  );

  watches.addCommand(
    new Command("secret")
      .description("print a watch's webhook signing secret (derived from WATCH_SIGNING_SECRET)")
      .argument("<id>", "watch id")
      .option("--json", "print the result as JSON")
      .action(async (watchId: string, options: { json?: boolean }) =>
        withContext((ctx) =>
          refusing("secret", async () => {
            const state = await live(ctx, watchId);
            const secret = webhookSecret(signingKeyOf(ctx.config), watchId, state.secretVersion);
            print(options, { watchId, secret }, () => secret);
          }),
        ),
      ),
  );
  return watches;
}
