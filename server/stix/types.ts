/**
 * The STIX 2.1 object type names, grouped as the spec's chapters group them. Used by reference
 * rules ("an SRO may not point at a marking-definition") and by the registry.
 */

/** SDO types (§4). */
export const SDO_TYPES = [
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
] as const;

/** SRO types (§5). */
export const SRO_TYPES = ['relationship', 'sighting'] as const;

/** All SCO types the spec defines (§6), including those only the generic fallback covers. */
export const SCO_TYPES = [
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
] as const;

/** Meta objects (§7) and the bundle (§8). */
export const META_TYPES = ['language-content', 'marking-definition', 'extension-definition'] as const;

export type SdoType = (typeof SDO_TYPES)[number];
export type SroType = (typeof SRO_TYPES)[number];
export type ScoType = (typeof SCO_TYPES)[number];

/** Types that relationships and sightings must not point at (§5.1, §5.2). */
export const NON_RELATABLE_TYPES: readonly string[] = [
  ...SRO_TYPES,
  ...META_TYPES,
  'bundle',
];

/** True when `type` is one of the spec-defined SCO types. */
export function isScoType(type: string): type is ScoType {
  return (SCO_TYPES as readonly string[]).includes(type);
}

/** True when `type` is one of the spec-defined SDO types. */
export function isSdoType(type: string): type is SdoType {
  return (SDO_TYPES as readonly string[]).includes(type);
}
