-- LSH band keys move from a GIN-indexed int4[] column to their own btree-indexed table (one row
-- per band key and article, keyed by a compact article number), filled from the stored articles.
ALTER TABLE "dedup_articles" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "dedup_articles_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE UNIQUE INDEX "dedup_articles_seq_idx" ON "dedup_articles" USING btree ("seq");--> statement-breakpoint
CREATE TABLE "dedup_bands" (
	"band" integer NOT NULL,
	"article_seq" bigint NOT NULL,
	CONSTRAINT "dedup_bands_pk" PRIMARY KEY("band","article_seq")
);
--> statement-breakpoint
INSERT INTO "dedup_bands" ("band", "article_seq")
	SELECT DISTINCT b.band, a.seq FROM "dedup_articles" a, unnest(a.bands) AS b(band);--> statement-breakpoint
DROP INDEX "dedup_articles_bands_idx";
