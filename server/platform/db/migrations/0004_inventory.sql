CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"vendor" text NOT NULL,
	"product" text NOT NULL,
	"version" text,
	"cpe" text,
	"criticality" text DEFAULT 'mittel' NOT NULL,
	"where_used" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"match_key" text NOT NULL,
	"cpe_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assets_criticality_check" CHECK ("assets"."criticality" in ('niedrig','mittel','hoch','kritisch'))
);
--> statement-breakpoint
CREATE TABLE "advisory_affected" (
	"advisory_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"first_matched_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"escalated_at" timestamp (3) with time zone,
	"reminded_at" timestamp (3) with time zone,
	CONSTRAINT "advisory_affected_advisory_id_organization_id_pk" PRIMARY KEY("advisory_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "advisory_matches" (
	"advisory_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"organization_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"reason_de" text NOT NULL,
	"reason_en" text NOT NULL,
	"matched_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advisory_matches_advisory_id_organization_id_asset_id_pk" PRIMARY KEY("advisory_id","organization_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "acknowledgements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"advisory_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid,
	"status" text NOT NULL,
	"comment" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acknowledgements_status_check" CHECK ("acknowledgements"."status" in ('affected','not_affected','in_progress','mitigated'))
);
--> statement-breakpoint
CREATE TABLE "advisory_reads" (
	"advisory_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"first_read_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advisory_reads_advisory_id_user_id_organization_id_pk" PRIMARY KEY("advisory_id","user_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_seq" bigint NOT NULL,
	"event_type" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"organization_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"message" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	CONSTRAINT "deliveries_event_recipient_unique" UNIQUE("event_seq","channel","recipient")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"channels" text[] NOT NULL,
	"min_severity" text NOT NULL,
	"only_affects_us" boolean NOT NULL,
	"digest" text NOT NULL,
	"language" text NOT NULL,
	"quiet_start" text,
	"quiet_end" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_digest_check" CHECK ("notification_preferences"."digest" in ('immediate','daily','weekly')),
	CONSTRAINT "notification_preferences_severity_check" CHECK ("notification_preferences"."min_severity" in ('niedrig','mittel','hoch','kritisch'))
);
--> statement-breakpoint
CREATE TABLE "outbox_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_affected" ADD CONSTRAINT "advisory_affected_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_affected" ADD CONSTRAINT "advisory_affected_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_matches" ADD CONSTRAINT "advisory_matches_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_matches" ADD CONSTRAINT "advisory_matches_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_matches" ADD CONSTRAINT "advisory_matches_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acknowledgements" ADD CONSTRAINT "acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_reads" ADD CONSTRAINT "advisory_reads_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_reads" ADD CONSTRAINT "advisory_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_reads" ADD CONSTRAINT "advisory_reads_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assets_org_idx" ON "assets" USING btree ("organization_id","vendor","product");--> statement-breakpoint
CREATE INDEX "assets_match_key_idx" ON "assets" USING btree ("match_key");--> statement-breakpoint
CREATE INDEX "assets_cpe_key_idx" ON "assets" USING btree ("cpe_key");--> statement-breakpoint
CREATE INDEX "advisory_affected_org_idx" ON "advisory_affected" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "advisory_matches_org_idx" ON "advisory_matches" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "acknowledgements_advisory_org_idx" ON "acknowledgements" USING btree ("advisory_id","organization_id","id");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "deliveries_recipient_idx" ON "deliveries" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE INDEX "webhooks_org_idx" ON "webhooks" USING btree ("organization_id");