CREATE TABLE "situation_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level" integer NOT NULL,
	"reason" jsonb NOT NULL,
	"set_by_user_id" uuid,
	"set_by_name" text NOT NULL,
	"set_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "situation_levels_level_check" CHECK ("situation_levels"."level" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "situation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_from" timestamp (3) with time zone NOT NULL,
	"period_to" timestamp (3) with time zone NOT NULL,
	"tlp" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"content" jsonb NOT NULL,
	"sections" jsonb NOT NULL,
	"audience" jsonb DEFAULT '{"organizations":[],"sharingGroups":[],"users":[]}'::jsonb NOT NULL,
	"author_organization_id" uuid,
	"created_by_user_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp (3) with time zone,
	"published_by_name" text,
	CONSTRAINT "situation_reports_tlp_check" CHECK ("situation_reports"."tlp" in ('clear','green','amber')),
	CONSTRAINT "situation_reports_status_check" CHECK ("situation_reports"."status" in ('draft','published')),
	CONSTRAINT "situation_reports_period_check" CHECK ("situation_reports"."period_from" < "situation_reports"."period_to")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "district_key" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "read_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "situation_levels" ADD CONSTRAINT "situation_levels_set_by_user_id_users_id_fk" FOREIGN KEY ("set_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_reports" ADD CONSTRAINT "situation_reports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "situation_levels_set_at_idx" ON "situation_levels" USING btree ("set_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "situation_reports_created_idx" ON "situation_reports" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_district_key_check" CHECK ("organizations"."district_key" is null or "organizations"."district_key" ~ '^[0-9]{5}$');