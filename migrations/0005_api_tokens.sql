CREATE TABLE "api_tokens" (
	"token_id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"scope" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_scope_check" CHECK ("api_tokens"."scope" in ('read', 'admin'))
);
--> statement-breakpoint
-- Hand-added: token hashes are not for downstream readers (default privileges gave them SELECT).
REVOKE ALL ON api_tokens FROM vigie_reader;
