-- Events name their subject; the audience is decided at delivery (docs/adr/0007-audiences-and-events.md).
ALTER TABLE "events" ADD COLUMN "subject_kind" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "subject_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "context" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Event names follow <noun>.<past verb>; types nobody consumed are gone.
UPDATE "events" SET "type" = 'advisory.matched' WHERE "type" = 'advisory.affects_you';--> statement-breakpoint
UPDATE "events" SET "type" = 'advisory.escalated' WHERE "type" = 'advisory.escalation';--> statement-breakpoint
UPDATE "events" SET "type" = 'incident.deadline.approached' WHERE "type" = 'incident.deadline.approaching';--> statement-breakpoint
DELETE FROM "events" WHERE "type" IN ('indicator.sighted', 'indicator.package.shared');--> statement-breakpoint
UPDATE "events" SET "subject_kind" = 'advisory', "subject_id" = coalesce("payload"->>'advisoryId', "payload"->>'id', '') WHERE "type" LIKE 'advisory.%';--> statement-breakpoint
UPDATE "events" SET "subject_kind" = 'incident', "subject_id" = coalesce("payload"->>'incidentId', "payload"->>'id', '') WHERE "type" LIKE 'incident.%';--> statement-breakpoint
UPDATE "events" SET "subject_kind" = 'feed_source', "subject_id" = coalesce("payload"->>'sourceId', '') WHERE "type" LIKE 'feed.%';--> statement-breakpoint
-- A revocation keeps the visibility it revokes; nothing else of the write-time audience is kept.
UPDATE "events" SET "context" = jsonb_build_object('before', "audience" - 'except') WHERE "type" = 'advisory.revoked';--> statement-breakpoint
-- A lifecycle event carries one version: keep that version's visibility, the payload reaches only those who may see it.
UPDATE "events" SET "context" = jsonb_build_object('emitted', "audience" - 'except') WHERE "type" IN ('advisory.published', 'advisory.revised', 'advisory.withdrawn') AND jsonb_typeof("audience") = 'object';--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "subject_kind" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "subject_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "audience";--> statement-breakpoint
UPDATE "deliveries" SET "event_type" = 'advisory.matched' WHERE "event_type" = 'advisory.affects_you';--> statement-breakpoint
UPDATE "deliveries" SET "event_type" = 'advisory.escalated' WHERE "event_type" = 'advisory.escalation';--> statement-breakpoint
UPDATE "webhooks" SET "event_types" = array_replace("event_types", 'advisory.affects_you', 'advisory.matched');--> statement-breakpoint
ALTER TABLE "webhooks" ALTER COLUMN "event_types" SET DEFAULT '{advisory.published,advisory.revised,advisory.matched}'::text[];
