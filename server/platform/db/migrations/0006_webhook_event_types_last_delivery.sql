ALTER TABLE "webhooks" ADD COLUMN "event_types" text[] DEFAULT '{advisory.published,advisory.revised,advisory.affects_you}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "last_delivery_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "last_delivery_status" integer;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "last_delivery_error" text;