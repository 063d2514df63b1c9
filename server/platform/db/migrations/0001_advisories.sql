CREATE TABLE "advisories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"tlp" text NOT NULL,
	"pap" text,
	"audience_organization_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"audience_sharing_group_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"audience_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"author_organization_id" uuid,
	"author_user_id" uuid,
	"content" jsonb NOT NULL,
	"pending" jsonb,
	"severity" text NOT NULL,
	"cves" text[] DEFAULT '{}'::text[] NOT NULL,
	"vendors" text[] DEFAULT '{}'::text[] NOT NULL,
	"product_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text DEFAULT 'own' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp (3) with time zone,
	"withdrawn_at" timestamp (3) with time zone,
	"search_de" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('german'::regconfig, coalesce(content #>> '{title,de}', '')), 'A') || setweight(to_tsvector('german'::regconfig, coalesce(content #>> '{summary,de}', '')), 'B') || setweight(to_tsvector('german'::regconfig, coalesce(content #>> '{body,de}', '')), 'C') || setweight(to_tsvector('german'::regconfig, coalesce(content #>> '{recommendations,de}', '')), 'C')) STORED,
	"search_en" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(content #>> '{title,en}', '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(content #>> '{summary,en}', '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(content #>> '{body,en}', '')), 'C') || setweight(to_tsvector('english'::regconfig, coalesce(content #>> '{recommendations,en}', '')), 'C')) STORED,
	CONSTRAINT "advisories_status_check" CHECK ("advisories"."status" in ('draft','published','revised','withdrawn')),
	CONSTRAINT "advisories_tlp_check" CHECK ("advisories"."tlp" in ('clear','green','amber','amber+strict','red')),
	CONSTRAINT "advisories_pap_check" CHECK ("advisories"."pap" is null or "advisories"."pap" in ('clear','green','amber','red')),
	CONSTRAINT "advisories_severity_check" CHECK ("advisories"."severity" in ('niedrig','mittel','hoch','kritisch'))
);
--> statement-breakpoint
CREATE TABLE "advisory_revisions" (
	"advisory_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"published_by" uuid,
	CONSTRAINT "advisory_revisions_advisory_id_version_pk" PRIMARY KEY("advisory_id","version")
);
--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_author_organization_id_organizations_id_fk" FOREIGN KEY ("author_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advisories_created_idx" ON "advisories" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "advisories_cves_idx" ON "advisories" USING gin ("cves");--> statement-breakpoint
CREATE INDEX "advisories_search_de_idx" ON "advisories" USING gin ("search_de");--> statement-breakpoint
CREATE INDEX "advisories_search_en_idx" ON "advisories" USING gin ("search_en");