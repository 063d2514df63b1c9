-- Feed items of 2–8 kB (a CVE record with its normalized item: ~2.5 kB) stay inline and uncompressed.
-- At the default target (~2 kB) every such row was pglz-compressed on insert, which made up most of a
-- first ingestion run (docs/benchmarks.md "ingest", 2026-12-06 evening). Larger rows (CSAF documents)
-- are compressed and moved to TOAST as before; only a reloption changes, no table rewrite.
ALTER TABLE "feed_items" SET (toast_tuple_target = 8160);
