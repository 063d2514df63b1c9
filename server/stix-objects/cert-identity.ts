/**
 * CERT-Thüringen as the producer of everything Lagebild exports: one fixed STIX identity that every
 * advisory report, indicator package, TAXII collection and bundle refers to with `created_by_ref`.
 * Fixed id and timestamps, so partners see the same object however often it is exported.
 */
export const CERT_THUERINGEN_IDENTITY_ID = 'identity--4b405944-e729-4508-9286-19e9364e43f9';
export const CERT_IDENTITY_CREATED = '2026-01-01T00:00:00.000Z';

/** The producer identity, marked with the given marking-definition ids. */
export function certIdentity(objectMarkingRefs: string[]) {
  return {
    type: 'identity' as const,
    spec_version: '2.1' as const,
    id: CERT_THUERINGEN_IDENTITY_ID,
    created: CERT_IDENTITY_CREATED,
    modified: CERT_IDENTITY_CREATED,
    name: 'CERT-Thüringen',
    identity_class: 'organization' as const,
    sectors: ['government-regional'],
    object_marking_refs: objectMarkingRefs,
  };
}
