ALTER TABLE "feed_quarantine" DROP CONSTRAINT "feed_quarantine_check_check";--> statement-breakpoint
ALTER TABLE "feed_items" ADD COLUMN "warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "feed_quarantine" ADD CONSTRAINT "feed_quarantine_check_check" CHECK ("feed_quarantine"."check" in ('hash','signature','provider_key','unacceptable'));