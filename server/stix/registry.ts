/**
 * Registry: STIX type → schema, for both modes. The tuples below are the single list of the
 * types Lagebild models; `bundle.ts` builds its discriminated unions from them and `index.ts`
 * re-exports the lookups. A type missing here is, by design, unknown: strict mode rejects it and
 * lenient mode treats it as a custom object (`custom.ts`).
 */
import type { z } from 'zod';
import type { StixMode } from './common.js';
import { ExtensionDefinitionLenientSchema, ExtensionDefinitionSchema } from './extension-definition.js';
import { LanguageContentLenientSchema, LanguageContentSchema } from './language-content.js';
import { MarkingDefinitionLenientSchema, MarkingDefinitionSchema } from './marking-definition.js';
import { AutonomousSystemLenientSchema, AutonomousSystemSchema } from './sco/autonomous-system.js';
import { DomainNameLenientSchema, DomainNameSchema } from './sco/domain-name.js';
import { EmailAddrLenientSchema, EmailAddrSchema } from './sco/email-addr.js';
import { FileLenientSchema, FileSchema } from './sco/file.js';
import { GENERIC_SCO_TYPES, GenericScoLenientSchema } from './sco/generic.js';
import { Ipv4AddrLenientSchema, Ipv4AddrSchema } from './sco/ipv4-addr.js';
import { Ipv6AddrLenientSchema, Ipv6AddrSchema } from './sco/ipv6-addr.js';
import { MacAddrLenientSchema, MacAddrSchema } from './sco/mac-addr.js';
import { NetworkTrafficLenientSchema, NetworkTrafficSchema } from './sco/network-traffic.js';
import { SoftwareLenientSchema, SoftwareSchema } from './sco/software.js';
import { UrlLenientSchema, UrlSchema } from './sco/url.js';
import { X509CertificateLenientSchema, X509CertificateSchema } from './sco/x509-certificate.js';
import { AttackPatternLenientSchema, AttackPatternSchema } from './sdo/attack-pattern.js';
import { CampaignLenientSchema, CampaignSchema } from './sdo/campaign.js';
import { CourseOfActionLenientSchema, CourseOfActionSchema } from './sdo/course-of-action.js';
import { GroupingLenientSchema, GroupingSchema } from './sdo/grouping.js';
import { IdentityLenientSchema, IdentitySchema } from './sdo/identity.js';
import { IncidentLenientSchema, IncidentSchema } from './sdo/incident.js';
import { IndicatorLenientSchema, IndicatorSchema } from './sdo/indicator.js';
import { InfrastructureLenientSchema, InfrastructureSchema } from './sdo/infrastructure.js';
import { IntrusionSetLenientSchema, IntrusionSetSchema } from './sdo/intrusion-set.js';
import { LocationLenientSchema, LocationSchema } from './sdo/location.js';
import { MalwareAnalysisLenientSchema, MalwareAnalysisSchema } from './sdo/malware-analysis.js';
import { MalwareLenientSchema, MalwareSchema } from './sdo/malware.js';
import { NoteLenientSchema, NoteSchema } from './sdo/note.js';
import { ObservedDataLenientSchema, ObservedDataSchema } from './sdo/observed-data.js';
import { OpinionLenientSchema, OpinionSchema } from './sdo/opinion.js';
import { ReportLenientSchema, ReportSchema } from './sdo/report.js';
import { ThreatActorLenientSchema, ThreatActorSchema } from './sdo/threat-actor.js';
import { ToolLenientSchema, ToolSchema } from './sdo/tool.js';
import { VulnerabilityLenientSchema, VulnerabilitySchema } from './sdo/vulnerability.js';
import { RelationshipLenientSchema, RelationshipSchema } from './sro/relationship.js';
import { SightingLenientSchema, SightingSchema } from './sro/sighting.js';

/** Strict schemas of every modelled type (SDOs, SROs, SCOs, meta objects). */
export const STRICT_OBJECT_SCHEMAS = [
  AttackPatternSchema, CampaignSchema, CourseOfActionSchema, GroupingSchema, IdentitySchema,
  IncidentSchema, IndicatorSchema, InfrastructureSchema, IntrusionSetSchema, LocationSchema,
  MalwareSchema, MalwareAnalysisSchema, NoteSchema, ObservedDataSchema, OpinionSchema, ReportSchema,
  ThreatActorSchema, ToolSchema, VulnerabilitySchema,
  RelationshipSchema, SightingSchema,
  AutonomousSystemSchema, DomainNameSchema, EmailAddrSchema, FileSchema, Ipv4AddrSchema,
  Ipv6AddrSchema, MacAddrSchema, NetworkTrafficSchema, SoftwareSchema, UrlSchema, X509CertificateSchema,
  MarkingDefinitionSchema, ExtensionDefinitionSchema, LanguageContentSchema,
] as const;

/** Lenient schemas of the same types (the generic SCO fallback is registered separately). */
export const LENIENT_OBJECT_SCHEMAS = [
  AttackPatternLenientSchema, CampaignLenientSchema, CourseOfActionLenientSchema, GroupingLenientSchema,
  IdentityLenientSchema, IncidentLenientSchema, IndicatorLenientSchema, InfrastructureLenientSchema,
  IntrusionSetLenientSchema, LocationLenientSchema, MalwareLenientSchema, MalwareAnalysisLenientSchema,
  NoteLenientSchema, ObservedDataLenientSchema, OpinionLenientSchema, ReportLenientSchema,
  ThreatActorLenientSchema, ToolLenientSchema, VulnerabilityLenientSchema,
  RelationshipLenientSchema, SightingLenientSchema,
  AutonomousSystemLenientSchema, DomainNameLenientSchema, EmailAddrLenientSchema, FileLenientSchema,
  Ipv4AddrLenientSchema, Ipv6AddrLenientSchema, MacAddrLenientSchema, NetworkTrafficLenientSchema,
  SoftwareLenientSchema, UrlLenientSchema, X509CertificateLenientSchema,
  MarkingDefinitionLenientSchema, ExtensionDefinitionLenientSchema, LanguageContentLenientSchema,
] as const;

/** The two schemas registered for one STIX type; `strict` is absent for generic SCOs. */
export interface StixSchemaEntry {
  strict?: z.ZodType;
  lenient: z.ZodType;
}

function buildRegistry(): ReadonlyMap<string, StixSchemaEntry> {
  const strictByType = new Map<string, z.ZodType>(STRICT_OBJECT_SCHEMAS.map((schema) => [schema.shape.type.value, schema]));
  const registry = new Map<string, StixSchemaEntry>();
  for (const lenient of LENIENT_OBJECT_SCHEMAS) {
    const type = lenient.in.shape.type.value;
    registry.set(type, { strict: strictByType.get(type), lenient });
  }
  for (const type of GENERIC_SCO_TYPES) registry.set(type, { lenient: GenericScoLenientSchema });
  return registry;
}

/** STIX type → its schemas. */
export const STIX_SCHEMAS: ReadonlyMap<string, StixSchemaEntry> = buildRegistry();

/** The schema for a type in a mode, or undefined when the type is not modelled in that mode. */
export function stixSchemaFor(type: string, mode: StixMode): z.ZodType | undefined {
  const entry = STIX_SCHEMAS.get(type);
  return mode === 'strict' ? entry?.strict : entry?.lenient;
}
