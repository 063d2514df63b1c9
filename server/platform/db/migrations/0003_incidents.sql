CREATE TABLE "incident_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"message_id" uuid,
	"uploaded_by" uuid,
	"stored_name" text NOT NULL,
	"file_name" text NOT NULL,
	"kind" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_attachments_stored_name_unique" UNIQUE("stored_name"),
	CONSTRAINT "incident_attachments_stored_name_check" CHECK ("incident_attachments"."stored_name" ~ '^[0-9a-f]{32}$')
);
--> statement-breakpoint
CREATE TABLE "incident_message_reads" (
	"message_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"read_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_message_reads_message_id_user_id_pk" PRIMARY KEY("message_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "incident_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"author_user_id" uuid,
	"author_organization_id" uuid,
	"from_cert" text NOT NULL,
	"tlp" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_messages_tlp_check" CHECK ("incident_messages"."tlp" in ('clear','green','amber','amber+strict'))
);
--> statement-breakpoint
CREATE TABLE "incident_reminders" (
	"incident_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"hours_before" integer NOT NULL,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_reminders_incident_id_stage_due_at_hours_before_pk" PRIMARY KEY("incident_id","stage","due_at","hours_before")
);
--> statement-breakpoint
CREATE TABLE "incident_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target_id" text NOT NULL,
	"reporter_label" text NOT NULL,
	"shared_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_stage_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"revision" integer NOT NULL,
	"corrects_id" uuid,
	"content" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"awareness_at" timestamp (3) with time zone NOT NULL,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"submitted_by" uuid,
	CONSTRAINT "incident_stage_revision_unique" UNIQUE("incident_id","stage","revision"),
	CONSTRAINT "incident_stage_check" CHECK ("incident_stage_submissions"."stage" in ('early_warning','notification','intermediate','progress','final'))
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reporting_organization_id" uuid NOT NULL,
	"reporter_user_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"draft" jsonb NOT NULL,
	"report" jsonb,
	"awareness_at" timestamp (3) with time zone,
	"handling_ended_at" timestamp (3) with time zone,
	"intermediate_requested_due_at" timestamp (3) with time zone,
	"triage_state" text DEFAULT 'new' NOT NULL,
	"severity" text,
	"assignee_user_id" uuid,
	"reported_at" timestamp (3) with time zone,
	"acknowledged_at" timestamp (3) with time zone,
	"first_cert_response_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_status_check" CHECK ("incidents"."status" in ('draft','reported')),
	CONSTRAINT "incidents_triage_state_check" CHECK ("incidents"."triage_state" in ('new','acknowledged','investigating','contained','closed')),
	CONSTRAINT "incidents_severity_check" CHECK ("incidents"."severity" is null or "incidents"."severity" in ('niedrig','mittel','hoch','kritisch'))
);
--> statement-breakpoint
CREATE TABLE "indicator_objects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stix_id" text NOT NULL,
	"type" text NOT NULL,
	"modified" timestamp (3) with time zone NOT NULL,
	"tlp" text NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"audience_organization_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"audience_sharing_group_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"audience_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"author_organization_id" uuid,
	"author_user_id" uuid,
	"incident_id" uuid,
	"value_type" text,
	"value" text,
	"count" integer,
	"body" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_objects_version_unique" UNIQUE("stix_id","modified"),
	CONSTRAINT "indicator_objects_type_check" CHECK ("indicator_objects"."type" in ('indicator','grouping','sighting')),
	CONSTRAINT "indicator_objects_tlp_check" CHECK ("indicator_objects"."tlp" in ('clear','green','amber','amber+strict','red'))
);
--> statement-breakpoint
ALTER TABLE "incident_attachments" ADD CONSTRAINT "incident_attachments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_attachments" ADD CONSTRAINT "incident_attachments_message_id_incident_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."incident_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_attachments" ADD CONSTRAINT "incident_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_message_reads" ADD CONSTRAINT "incident_message_reads_message_id_incident_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."incident_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_message_reads" ADD CONSTRAINT "incident_message_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_messages" ADD CONSTRAINT "incident_messages_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_messages" ADD CONSTRAINT "incident_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_messages" ADD CONSTRAINT "incident_messages_author_organization_id_organizations_id_fk" FOREIGN KEY ("author_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reminders" ADD CONSTRAINT "incident_reminders_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_shares" ADD CONSTRAINT "incident_shares_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_shares" ADD CONSTRAINT "incident_shares_shared_by_users_id_fk" FOREIGN KEY ("shared_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_stage_submissions" ADD CONSTRAINT "incident_stage_submissions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_stage_submissions" ADD CONSTRAINT "incident_stage_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_reporting_organization_id_organizations_id_fk" FOREIGN KEY ("reporting_organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_objects" ADD CONSTRAINT "indicator_objects_author_organization_id_organizations_id_fk" FOREIGN KEY ("author_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_objects" ADD CONSTRAINT "indicator_objects_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_attachments_message_idx" ON "incident_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "incident_messages_thread_idx" ON "incident_messages" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "incidents_org_idx" ON "incidents" USING btree ("reporting_organization_id","created_at");--> statement-breakpoint
CREATE INDEX "incidents_queue_idx" ON "incidents" USING btree ("status","triage_state");--> statement-breakpoint
CREATE INDEX "indicator_objects_incident_idx" ON "indicator_objects" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "indicator_objects_value_idx" ON "indicator_objects" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "indicator_objects_created_idx" ON "indicator_objects" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);