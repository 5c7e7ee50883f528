-- Hand-written: what drizzle cannot express. Roles, privileges and the append-only triggers.
-- Roles are cluster-wide, so creation tolerates a concurrent creator (two databases migrated at once).
DO $$
BEGIN
  BEGIN
    CREATE ROLE vigie_app LOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE vigie_reader LOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;
--> statement-breakpoint
-- The migrating user must be able to SET ROLE to the app role (no-op for superusers).
DO $$
BEGIN
  EXECUTE format('GRANT vigie_app TO %I', current_user);
  EXECUTE format('GRANT vigie_reader TO %I', current_user);
EXCEPTION WHEN OTHERS THEN NULL;
END
$$;
--> statement-breakpoint
ALTER ROLE vigie_app SET idle_in_transaction_session_timeout = '30s';
--> statement-breakpoint
ALTER ROLE vigie_reader SET idle_in_transaction_session_timeout = '30s';
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO vigie_app, vigie_reader;
--> statement-breakpoint
-- Tables created later by the owner (projections, dedup state) are writable by the app and
-- readable by consumers. The events table gets narrower grants below.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vigie_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vigie_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO vigie_reader;
--> statement-breakpoint
REVOKE ALL ON events FROM PUBLIC, vigie_app, vigie_reader;
--> statement-breakpoint
GRANT SELECT, INSERT ON events TO vigie_app;
--> statement-breakpoint
GRANT SELECT ON events TO vigie_reader;
--> statement-breakpoint
GRANT SELECT, INSERT ON contents TO vigie_app;
--> statement-breakpoint
GRANT SELECT ON contents TO vigie_reader;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON consumer_checkpoints TO vigie_app;
--> statement-breakpoint
GRANT SELECT ON consumer_checkpoints TO vigie_reader;
--> statement-breakpoint
-- Append-only for everyone, owner included: rows are never rewritten, upcasters run on read.
CREATE OR REPLACE FUNCTION vigie_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
CREATE TRIGGER contents_no_update_delete BEFORE UPDATE OR DELETE ON contents
  FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();
--> statement-breakpoint
CREATE TRIGGER contents_no_truncate BEFORE TRUNCATE ON contents
  FOR EACH STATEMENT EXECUTE FUNCTION vigie_refuse_change();
