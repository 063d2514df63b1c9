// Minimal valid STIX 2.1 objects, one per modelled type, plus the properties the spec requires
// for each. Tests clone and mutate these; they are data only.

/** A valid RFC 4122 v4 UUID, distinct per `n`. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** `<type>--<uuid(n)>`. */
export function sid(type: string, n = 1): string {
  return `${type}--${uuid(n)}`;
}

export const T0 = '2024-01-01T00:00:00.000Z';
export const T1 = '2024-02-01T08:30:00.000Z';

type Obj = Record<string, unknown>;

function sdo(type: string, extra: Obj): Obj {
  return { type, spec_version: '2.1', id: sid(type), created: T0, modified: T0, ...extra };
}

function sco(type: string, extra: Obj): Obj {
  return { type, spec_version: '2.1', id: sid(type), ...extra };
}

const SHA256 = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f';

/** One valid object per modelled type. */
export const VALID: Readonly<Record<string, Obj>> = {
  'attack-pattern': sdo('attack-pattern', { name: 'Spear Phishing', kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }] }),
  campaign: sdo('campaign', { name: 'Green Group Attacks', first_seen: T0, last_seen: T1 }),
  'course-of-action': sdo('course-of-action', { name: 'Patch the VPN appliance' }),
  grouping: sdo('grouping', { context: 'suspicious-activity', object_refs: [sid('indicator')] }),
  identity: sdo('identity', { name: 'CERT Thüringen', identity_class: 'organization', sectors: ['government'] }),
  incident: sdo('incident', { name: 'Ransomware at utility' }),
  indicator: sdo('indicator', {
    name: 'Malicious file',
    indicator_types: ['malicious-activity'],
    pattern: `[file:hashes.'SHA-256' = '${SHA256}']`,
    pattern_type: 'stix',
    valid_from: T0,
  }),
  infrastructure: sdo('infrastructure', { name: 'C2 server', infrastructure_types: ['command-and-control'] }),
  'intrusion-set': sdo('intrusion-set', { name: 'Bobcat Breakin', aliases: ['Zookeeper'] }),
  location: sdo('location', { region: 'europe', country: 'de' }),
  malware: sdo('malware', { name: 'Cryptolocker', is_family: true, malware_types: ['ransomware'] }),
  'malware-analysis': sdo('malware-analysis', { product: 'microsoft', result: 'malicious' }),
  note: sdo('note', { content: 'Seen at two constituents.', object_refs: [sid('indicator')] }),
  'observed-data': sdo('observed-data', {
    first_observed: T0,
    last_observed: T1,
    number_observed: 3,
    object_refs: [sid('ipv4-addr'), sid('relationship')],
  }),
  opinion: sdo('opinion', { opinion: 'agree', object_refs: [sid('indicator')] }),
  report: sdo('report', { name: 'Advisory 2024-001', published: T1, object_refs: [sid('vulnerability')] }),
  'threat-actor': sdo('threat-actor', { name: 'Evil Org', threat_actor_types: ['crime-syndicate'] }),
  tool: sdo('tool', { name: 'VNC', tool_types: ['remote-access'] }),
  vulnerability: sdo('vulnerability', {
    name: 'CVE-2023-3519',
    external_references: [{ source_name: 'cve', external_id: 'CVE-2023-3519' }],
  }),
  relationship: sdo('relationship', { relationship_type: 'indicates', source_ref: sid('indicator'), target_ref: sid('malware') }),
  sighting: sdo('sighting', { sighting_of_ref: sid('indicator'), count: 2, where_sighted_refs: [sid('identity')] }),
  'autonomous-system': sco('autonomous-system', { number: 15139, name: 'Slime Industries' }),
  'domain-name': sco('domain-name', { value: 'example.com' }),
  'email-addr': sco('email-addr', { value: 'john@example.com', display_name: 'John Doe' }),
  file: sco('file', { hashes: { 'SHA-256': SHA256 }, name: 'foo.dll', size: 25536 }),
  'ipv4-addr': sco('ipv4-addr', { value: '198.51.100.3' }),
  'ipv6-addr': sco('ipv6-addr', { value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' }),
  'mac-addr': sco('mac-addr', { value: 'd2:fb:49:24:37:18' }),
  'network-traffic': sco('network-traffic', { src_ref: sid('ipv4-addr'), dst_port: 443, protocols: ['ipv4', 'tcp'] }),
  software: sco('software', { name: 'Word', vendor: 'Microsoft', version: '2002' }),
  url: sco('url', { value: 'https://example.com/research/index.html' }),
  'x509-certificate': sco('x509-certificate', { issuer: 'C=ZA, O=Thawte', serial_number: '02:08:87:83' }),
  'marking-definition': {
    type: 'marking-definition',
    spec_version: '2.1',
    id: sid('marking-definition'),
    created: T0,
    definition_type: 'statement',
    definition: { statement: 'Copyright 2024, CERT Thüringen' },
  },
  'extension-definition': sdo('extension-definition', {
    created_by_ref: sid('identity'),
    name: 'Lagebild advisory workflow',
    schema: 'https://example.org/schema.json',
    version: '1.0.0',
    extension_types: ['property-extension'],
  }),
  'language-content': sdo('language-content', {
    object_ref: sid('report'),
    contents: { de: { name: 'Warnung 2024-001' } },
  }),
};

/** Properties the spec requires per type (besides the common ones, tested separately). */
export const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  'intrusion-set': ['name'],
  location: [],
  malware: ['is_family'],
  'malware-analysis': ['product'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'autonomous-system': ['number'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  file: [],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  'network-traffic': ['protocols'],
  software: ['name'],
  url: ['value'],
  'x509-certificate': [],
  'marking-definition': ['created'],
  'extension-definition': ['created_by_ref', 'name', 'schema', 'version', 'extension_types'],
  'language-content': ['object_ref', 'contents'],
};

/** Types with created/modified (SDOs, SROs and the versioned meta objects). */
export const VERSIONED_TYPES = Object.keys(VALID).filter((type) => 'modified' in (VALID[type] ?? {}));

/** Deep copy with changes applied; `undefined` removes a property. */
export function variant(type: string, changes: Obj = {}): Obj {
  const copy = structuredClone(VALID[type]) as Obj;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy;
}
