-- btree_gin lets a GIN index hold the creation date beside the text vectors (trusted extension: the
-- database owner may create it, no superuser needed).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "advisories_search_de_idx";--> statement-breakpoint
DROP INDEX "advisories_search_en_idx";--> statement-breakpoint
CREATE INDEX "advisories_created_search_de_idx" ON "advisories" USING gin ("created_at","search_de");--> statement-breakpoint
CREATE INDEX "advisories_created_search_en_idx" ON "advisories" USING gin ("created_at","search_en");