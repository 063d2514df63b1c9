CREATE TABLE "incident_stage_acknowledgements" (
	"submission_id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"bsi_reference" text NOT NULL,
	"acknowledged_at" timestamp (3) with time zone NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_stage_acknowledgements" ADD CONSTRAINT "incident_stage_acknowledgements_submission_id_incident_stage_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."incident_stage_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_stage_acknowledgements" ADD CONSTRAINT "incident_stage_acknowledgements_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_stage_acknowledgements" ADD CONSTRAINT "incident_stage_acknowledgements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;