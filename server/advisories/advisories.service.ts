/**
 * The advisories service, one use case per file under `use-cases/` (STYLE.md "When a slice grows");
 * callers import from here so the split stays invisible to them.
 */
export type { UseCaseContext } from './use-cases/context.js';
export { createAdvisory, updateAdvisoryContent } from './use-cases/write-advisory.js';
export { previewAudience, publishAdvisory, withdrawAdvisory } from './use-cases/publish-advisory.js';
export { getAdvisory, listAdvisories, searchAdvisories } from './use-cases/read-advisories.js';
export { diffAdvisoryVersions, getAdvisoryVersion, listAdvisoryVersions } from './use-cases/advisory-versions.js';
export { exportAdvisoryStix } from './use-cases/export-advisory.js';
