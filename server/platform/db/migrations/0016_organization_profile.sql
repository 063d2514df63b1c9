ALTER TABLE "organizations" ADD COLUMN "nis2_entity_type" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "kritis_operator" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "registered_domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "email_domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "ip_ranges" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_nis2_entity_type_check" CHECK ("organizations"."nis2_entity_type" is null or "organizations"."nis2_entity_type" in ('essential','important','none'));