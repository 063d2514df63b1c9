/**
 * Observables → STIX 2.1 objects Lagebild authors: indicator patterns (built with the patterning
 * module's quoting and checked by its parser), SCOs for observed-data, identities of constituent
 * organizations, and deterministic ids. Every object is validated by the strict schemas before it
 * leaves this file.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { tlpMarkingId, type TlpLevel } from '../access/tlp.js';
import { AppError } from '../platform/errors.js';
import { zodIssuesToProblems } from '../platform/http/validate.js';
import { quoteString, validatePattern } from '../stix/pattern/index.js';
import { IdentitySchema, type Identity } from '../stix/sdo/identity.js';
import { IndicatorSchema, type Indicator } from '../stix/sdo/indicator.js';
import type { Observable, ObservableType } from './extract.js';

// Namespace of the UUIDv5 ids Lagebild derives for incidents, identities and exports (fixed once).
const LAGEBILD_NAMESPACE = '0f6d9b0e-2b7e-4a55-9a43-4c1f8f0c6a11';

/** RFC 4122 UUIDv5 (SHA-1, name-based): the same name always yields the same id. */
export function uuidV5(name: string, namespace = LAGEBILD_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The STIX object path each observable type is matched on. */
const PATTERN_PATHS: Record<ObservableType, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
};

/**
 * The STIX pattern of an observable, e.g. `[ipv4-addr:value = '198.51.100.7']`, validated by the
 * patterning parser (a value that cannot be expressed is a bug, so it throws).
 */
export function observablePattern(observable: Observable): string {
  const pattern = `[${PATTERN_PATHS[observable.type]} = ${quoteString(observable.value)}]`;
  const result = validatePattern(pattern);
  if (!result.ok) throw new Error(`pattern for ${observable.type} did not validate: ${result.error.message}`);
  return pattern;
}

/** The SCO of an observable (for observed-data), deterministic id per value. */
export function observableSco(observable: Observable): Record<string, unknown> & { id: string; type: string } {
  const hashName = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' } as const;
  if (observable.type === 'md5' || observable.type === 'sha1' || observable.type === 'sha256') {
    return { type: 'file', spec_version: '2.1', id: `file--${uuidV5(`file/${observable.value}`)}`, hashes: { [hashName[observable.type]]: observable.value } };
  }
  const type = { ipv4: 'ipv4-addr', ipv6: 'ipv6-addr', domain: 'domain-name', url: 'url', email: 'email-addr' }[observable.type];
  return { type, spec_version: '2.1', id: `${type}--${uuidV5(`${type}/${observable.value}`)}`, value: observable.value };
}

/**
 * Throws UNPROCESSABLE_CONTENT with every issue when an object we built breaks the strict schema.
 * @throws AppError UNPROCESSABLE_CONTENT
 */
export function strictOrThrow<T>(schema: z.ZodType<T>, object: unknown, what: string): T {
  const result = schema.safeParse(object);
  if (result.success) return result.data;
  throw new AppError('UNPROCESSABLE_CONTENT', `The STIX ${what} is invalid.`, zodIssuesToProblems(result.error.issues));
}

/** What an indicator object is built from. */
export type IndicatorInput = {
  id: string;
  observable: Observable;
  tlp: TlpLevel;
  createdAt: Date;
  createdByRef: string;
  description?: string | undefined;
  indicatorTypes?: string[];
};

/** A strict STIX indicator for an observable, marked with its TLP. */
export function buildIndicator(input: IndicatorInput): Indicator {
  const timestamp = input.createdAt.toISOString();
  return strictOrThrow(
    IndicatorSchema,
    {
      type: 'indicator',
      spec_version: '2.1',
      id: input.id,
      created: timestamp,
      modified: timestamp,
      created_by_ref: input.createdByRef,
      name: `${input.observable.type}: ${input.observable.value}`,
      ...(input.description ? { description: input.description } : {}),
      indicator_types: input.indicatorTypes ?? ['malicious-activity'],
      pattern: observablePattern(input.observable),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: timestamp,
      object_marking_refs: [tlpMarkingId(input.tlp)],
    },
    'indicator',
  );
}

const IDENTITY_CREATED = '2026-01-01T00:00:00.000Z';

/** NIS2/STIX industry-sector-ov values of our sectors. */
const STIX_SECTORS: Record<string, string> = {
  energy: 'energy',
  water: 'utilities',
  finance: 'financial-services',
  health: 'healthcare',
  transport: 'transportation',
  food: 'retail',
  digital_infrastructure: 'telecommunications',
  waste: 'utilities',
  public_administration: 'government-local',
  other: 'infrastructure',
};

/** The STIX identity of a constituent organization: a stable id derived from the organization id. */
export function organizationIdentity(organization: { id: string; name: string; sector: string | null }, tlp: TlpLevel): Identity {
  return strictOrThrow(
    IdentitySchema,
    {
      type: 'identity',
      spec_version: '2.1',
      id: `identity--${uuidV5(`organization/${organization.id}`)}`,
      created: IDENTITY_CREATED,
      modified: IDENTITY_CREATED,
      name: organization.name,
      identity_class: 'organization',
      ...(organization.sector ? { sectors: [STIX_SECTORS[organization.sector] ?? 'infrastructure'] } : {}),
      object_marking_refs: [tlpMarkingId(tlp)],
    },
    'identity',
  );
}

/** The identity id of an organization, without building the object. */
export function organizationIdentityId(organizationId: string): string {
  return `identity--${uuidV5(`organization/${organizationId}`)}`;
}
