CREATE TABLE "user_openpgp_keys" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"armored_key" text NOT NULL,
	"user_ids" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_openpgp_keys" ADD CONSTRAINT "user_openpgp_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;