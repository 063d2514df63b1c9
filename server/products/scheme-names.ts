/** The version schemes matching compares by (server/products/version-schemes.ts); isomorphic, no libraries. */
export const VERSION_SCHEMES = ['generic', 'rpm', 'deb', 'semver', 'npm', 'golang', 'nuget', 'maven', 'pypi'] as const;
export type VersionScheme = (typeof VERSION_SCHEMES)[number];
