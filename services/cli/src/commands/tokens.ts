import { Command, Option } from "commander";
import { createApiToken, listApiTokens, revokeApiToken, scopes, type Scope } from "@vigie/api";
import { withContext } from "../context.ts";
import { print } from "../output.ts";

function createCommand(): Command {
  return new Command("create")
    .description("create an API token and print it once (only its hash is stored)")
    .addOption(
      new Option("--scope <scope>", "read: events, articles, feeds listing; admin: also feed changes and operations")
        .choices([...scopes])
        .makeOptionMandatory(),
    )
    .option("--name <name>", "a label to recognise the token by")
    .option("--json", "print the result as JSON")
    .action(async (options: { scope: Scope; name?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const created = await createApiToken(ctx.sql, { scope: options.scope, name: options.name, pepper: ctx.config.API_TOKEN_SECRET });
        print(options, created, () => `${created.token}\n(scope ${created.scope}, id ${created.tokenId}; shown once: store it now)`);
      });
    });
}

function listCommand(): Command {
  return new Command("list")
    .description("API tokens (ids, scopes, names; never the tokens)")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const tokens = await listApiTokens(ctx.sql);
        print(options, tokens, () =>
          tokens.length === 0
            ? "no tokens: the API accepts anonymous requests on 127.0.0.1 only"
            : tokens.map((t) => `${t.tokenId}  ${t.scope.padEnd(5)}  ${t.revokedAt ? "revoked" : "active "}  ${t.name ?? ""}`).join("\n"),
        );
      });
    });
}

function revokeCommand(): Command {
  return new Command("revoke")
    .description("revoke a token (takes effect within seconds on running APIs)")
    .argument("<tokenId>", "id shown by `vigie tokens list`")
    .option("--json", "print the result as JSON")
    .action(async (tokenId: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const revoked = await revokeApiToken(ctx.sql, tokenId);
        if (!revoked) process.exitCode = 1;
        print(options, { tokenId, revoked }, () => (revoked ? `revoked ${tokenId}` : `no active token ${tokenId}`));
      });
    });
}

export function tokensCommand(): Command {
  return new Command("tokens").description("manage API tokens").addCommand(createCommand()).addCommand(listCommand()).addCommand(revokeCommand());
}
