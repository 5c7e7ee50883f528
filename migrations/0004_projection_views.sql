-- Hand-written: views over the projection tables (drizzle-kit does not generate views).
CREATE VIEW proj_entities AS
  SELECT entity_id, min(name) AS name, min(type) AS type, count(*)::int AS articles, sum(mentions)::int AS mentions
  FROM proj_article_entities GROUP BY entity_id;
--> statement-breakpoint
CREATE VIEW proj_clusters AS
  SELECT cluster_id, count(*)::int AS articles, min(discovered_at) AS first_seen_at, max(updated_at) AS updated_at
  FROM proj_articles WHERE cluster_id IS NOT NULL GROUP BY cluster_id;
--> statement-breakpoint
GRANT SELECT ON proj_entities, proj_clusters TO vigie_app, vigie_reader;
