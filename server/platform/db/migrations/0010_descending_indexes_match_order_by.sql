DROP INDEX "advisories_created_idx";--> statement-breakpoint
DROP INDEX "indicator_objects_created_idx";--> statement-breakpoint
DROP INDEX "stix_objects_stix_id_idx";--> statement-breakpoint
DROP INDEX "feed_items_inbox_idx";--> statement-breakpoint
DROP INDEX "feed_runs_source_idx";--> statement-breakpoint
DROP INDEX "job_runs_name_idx";--> statement-breakpoint
CREATE INDEX "advisories_created_idx" ON "advisories" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "indicator_objects_created_idx" ON "indicator_objects" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stix_objects_stix_id_idx" ON "stix_objects" USING btree ("stix_id","modified" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "feed_items_inbox_idx" ON "feed_items" USING btree ("state","updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "feed_runs_source_idx" ON "feed_runs" USING btree ("source_id","started_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "job_runs_name_idx" ON "job_runs" USING btree ("name","started_at" DESC NULLS FIRST);