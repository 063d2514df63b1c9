CREATE TABLE "feed_quarantine" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"run_id" uuid,
	"ref" text NOT NULL,
	"check" text NOT NULL,
	"reason" text NOT NULL,
	"external_id" text,
	"title" text,
	"document" jsonb,
	"state" text DEFAULT 'held' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"released_by" uuid,
	"released_at" timestamp (3) with time zone,
	"release_reason" text,
	"item_id" uuid,
	CONSTRAINT "feed_quarantine_source_ref_unique" UNIQUE("source_id","ref"),
	CONSTRAINT "feed_quarantine_check_check" CHECK ("feed_quarantine"."check" in ('hash','signature','provider_key')),
	CONSTRAINT "feed_quarantine_state_check" CHECK ("feed_quarantine"."state" in ('held','released','resolved'))
);
--> statement-breakpoint
CREATE TABLE "product_aliases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"cpe_vendor" text NOT NULL,
	"cpe_product" text,
	"vendor" text NOT NULL,
	"product" text,
	"name_key" text NOT NULL,
	"origin" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_aliases_name_key_unique" UNIQUE("name_key"),
	CONSTRAINT "product_aliases_kind_check" CHECK ("product_aliases"."kind" in ('vendor','product') and (("product_aliases"."kind" = 'vendor') = ("product_aliases"."cpe_product" is null)))
);
--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "purl" text;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "purl_key" text;--> statement-breakpoint
ALTER TABLE "advisory_matches" ADD COLUMN "certainty" text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "cve_enrichments" ADD COLUMN "euvd" jsonb;--> statement-breakpoint
ALTER TABLE "feed_items" ADD COLUMN "findings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "feed_runs" ADD COLUMN "counts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "feed_quarantine" ADD CONSTRAINT "feed_quarantine_source_id_feed_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."feed_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_quarantine" ADD CONSTRAINT "feed_quarantine_run_id_feed_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."feed_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_quarantine" ADD CONSTRAINT "feed_quarantine_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_quarantine" ADD CONSTRAINT "feed_quarantine_item_id_feed_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."feed_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_aliases" ADD CONSTRAINT "product_aliases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feed_quarantine_state_idx" ON "feed_quarantine" USING btree ("source_id","state");--> statement-breakpoint
CREATE INDEX "product_aliases_identity_idx" ON "product_aliases" USING btree ("cpe_vendor","cpe_product");--> statement-breakpoint
CREATE INDEX "assets_purl_key_idx" ON "assets" USING btree ("purl_key");