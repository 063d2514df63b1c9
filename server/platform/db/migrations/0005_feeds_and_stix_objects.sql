CREATE TABLE "stix_objects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"added_seq" bigserial NOT NULL,
	"stix_id" text NOT NULL,
	"type" text NOT NULL,
	"spec_version" text DEFAULT '2.1' NOT NULL,
	"created" timestamp (3) with time zone,
	"modified" timestamp (3) with time zone NOT NULL,
	"revoked" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"feed_source_id" uuid,
	"tlp" text NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"audience_organization_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"audience_sharing_group_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"audience_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"author_organization_id" uuid,
	"author_user_id" uuid,
	"body" jsonb NOT NULL,
	"search_vector" "tsvector",
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stix_objects_version_unique" UNIQUE("stix_id","modified"),
	CONSTRAINT "stix_objects_added_seq_unique" UNIQUE("added_seq"),
	CONSTRAINT "stix_objects_tlp_check" CHECK ("stix_objects"."tlp" in ('clear','green','amber','amber+strict','red'))
);
--> statement-breakpoint
CREATE TABLE "cve_enrichments" (
	"cve" text PRIMARY KEY NOT NULL,
	"kev" jsonb,
	"epss_score" real,
	"epss_percentile" real,
	"epss_date" text,
	"nvd" jsonb,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"title_de" text,
	"title_en" text,
	"url" text,
	"published" timestamp (3) with time zone,
	"source_updated" timestamp (3) with time zone,
	"revision" text,
	"cves" text[] DEFAULT '{}'::text[] NOT NULL,
	"severity" text,
	"cvss_score" real,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tlp" text NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"promoted_advisory_id" uuid,
	"triaged_by" uuid,
	"triaged_at" timestamp (3) with time zone,
	"first_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feed_items_source_external_unique" UNIQUE("source_id","external_id"),
	CONSTRAINT "feed_items_state_check" CHECK ("feed_items"."state" in ('new','promoted','dismissed')),
	CONSTRAINT "feed_items_tlp_check" CHECK ("feed_items"."tlp" in ('clear','green','amber','amber+strict','red'))
);
--> statement-breakpoint
CREATE TABLE "feed_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"new_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"instance" text,
	CONSTRAINT "feed_runs_status_check" CHECK ("feed_runs"."status" in ('running','succeeded','partial','failed'))
);
--> statement-breakpoint
CREATE TABLE "feed_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"schedule" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"allow_private_network" boolean DEFAULT false NOT NULL,
	"default_tlp" text DEFAULT 'clear' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credential_env" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"managed_by" text DEFAULT 'api' NOT NULL,
	"cursor" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feed_sources_key_unique" UNIQUE("key"),
	CONSTRAINT "feed_sources_tlp_check" CHECK ("feed_sources"."default_tlp" in ('clear','green','amber','amber+strict','red'))
);
--> statement-breakpoint
ALTER TABLE "stix_objects" ADD CONSTRAINT "stix_objects_author_organization_id_organizations_id_fk" FOREIGN KEY ("author_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stix_objects" ADD CONSTRAINT "stix_objects_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_items" ADD CONSTRAINT "feed_items_source_id_feed_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."feed_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_items" ADD CONSTRAINT "feed_items_promoted_advisory_id_advisories_id_fk" FOREIGN KEY ("promoted_advisory_id") REFERENCES "public"."advisories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_items" ADD CONSTRAINT "feed_items_triaged_by_users_id_fk" FOREIGN KEY ("triaged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_runs" ADD CONSTRAINT "feed_runs_source_id_feed_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."feed_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stix_objects_type_idx" ON "stix_objects" USING btree ("type","added_seq");--> statement-breakpoint
CREATE INDEX "stix_objects_stix_id_idx" ON "stix_objects" USING btree ("stix_id","modified" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "stix_objects_feed_idx" ON "stix_objects" USING btree ("feed_source_id");--> statement-breakpoint
CREATE INDEX "stix_objects_search_idx" ON "stix_objects" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "feed_items_cves_idx" ON "feed_items" USING gin ("cves");--> statement-breakpoint
CREATE INDEX "feed_items_inbox_idx" ON "feed_items" USING btree ("state","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "feed_runs_source_idx" ON "feed_runs" USING btree ("source_id","started_at" DESC NULLS LAST);