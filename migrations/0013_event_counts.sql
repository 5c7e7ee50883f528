-- Incremental event counters (issue 17): by type and reason, and by type and minute for the
-- funnel windows, so that the read side never counts the events table per request.
CREATE TABLE "proj_event_minutes" (
	"event_type" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "proj_event_minutes_event_type_minute_pk" PRIMARY KEY("event_type","minute")
);
--> statement-breakpoint
CREATE TABLE "proj_event_totals" (
	"event_type" text NOT NULL,
	"reason" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "proj_event_totals_event_type_reason_pk" PRIMARY KEY("event_type","reason")
);
--> statement-breakpoint
CREATE INDEX "proj_event_minutes_minute_idx" ON "proj_event_minutes" USING btree ("minute");--> statement-breakpoint
-- Filled by the event-counts projection from the start of the log (its checkpoint starts empty).
GRANT SELECT ON "proj_event_totals", "proj_event_minutes" TO vigie_reader;
