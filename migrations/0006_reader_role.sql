-- Hand-written: vigie_reader is the role of downstream SQL consumers (docs/consuming-sql.md).
-- SELECT on the event log, the bodies it references and the read models; nothing else. Until now
-- default privileges gave it SELECT on every new table (dedup state included) and each table it
-- must not see had to be revoked afterwards (api_tokens); now every readable table is named here.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM vigie_reader;
--> statement-breakpoint
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM vigie_reader;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM vigie_reader;
--> statement-breakpoint
GRANT SELECT ON events, contents TO vigie_reader;
--> statement-breakpoint
-- Read models. A new projection table or view must be granted here, in its own migration.
GRANT SELECT ON proj_articles, proj_article_entities, proj_feeds, proj_entities, proj_clusters TO vigie_reader;
--> statement-breakpoint
-- Belt and braces for sessions that log in as vigie_reader to this database (not those that SET
-- ROLE to it): their transactions are read-only. Per database, so a consumer's own database on the
-- same server is not affected.
DO $$
BEGIN
  EXECUTE format('ALTER ROLE vigie_reader IN DATABASE %I SET default_transaction_read_only = on', current_database());
END
$$;
