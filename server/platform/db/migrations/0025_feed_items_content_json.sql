-- A feed item's content (normalized item with the source document) is stored as json text: nothing
-- queries inside it, and ingestion no longer builds the binary jsonb form of every document, which
-- was a third of a first CVE run's insert (docs/benchmarks.md "ingest", 2026-12-07). jsonb and json
-- cast to each other by assignment, so instances of the previous release, which still send jsonb
-- during a rolling upgrade, keep writing this column. The table is rewritten once.
ALTER TABLE "feed_items" ALTER COLUMN "content" SET DATA TYPE json;
