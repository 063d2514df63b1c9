CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scheduled_for" timestamp (3) with time zone,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"instance" text NOT NULL,
	"result" jsonb,
	CONSTRAINT "job_runs_status_check" CHECK ("job_runs"."status" in ('running','succeeded','failed','timed_out'))
);
--> statement-breakpoint
ALTER TABLE "feed_items" DROP CONSTRAINT "feed_items_state_check";--> statement-breakpoint
ALTER TABLE "feed_items" ADD COLUMN "upstream_updated_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "job_runs_name_idx" ON "job_runs" USING btree ("name","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_slot_unique" ON "job_runs" USING btree ("name","scheduled_for");--> statement-breakpoint
ALTER TABLE "feed_items" ADD CONSTRAINT "feed_items_state_check" CHECK ("feed_items"."state" in ('new','seen','promoted','dismissed'));