/**
 * Advisory → STIX 2.1 bundle (STYLE.md "The domain model is not raw STIX"): a `report` whose
 * object_refs point at one `vulnerability` per CVE, a `course-of-action` for the recommendations
 * and CERT-Thüringen's `identity`, plus the TLP 2.0 `marking-definition` used (it is not predefined
 * by STIX 2.1, so the bundle must carry it; FORMATS.md). Every object except the marking itself
 * carries the marking in `object_marking_refs`. English texts travel as `language-content` objects
 * (STIX 2.1 §7.1) pointing at the report and the course-of-action, whose own text is German. Ids are derived (UUIDv5) from the advisory, so the
 * same advisory revision always exports the same ids and consumers update instead of duplicating.
 */
import { CERT_THUERINGEN_IDENTITY_ID, certIdentity } from '../stix-objects/cert-identity.js';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { tlpMarkingDefinition, tlpMarkingId } from '../access/tlp.js';
import { AppError } from '../platform/errors.js';
import { zodIssuesToProblems } from '../platform/http/validate.js';
import { CourseOfActionSchema } from '../stix/sdo/course-of-action.js';
import { IdentitySchema } from '../stix/sdo/identity.js';
import { LanguageContentSchema } from '../stix/language-content.js';
import { ReportSchema } from '../stix/sdo/report.js';
import { VulnerabilitySchema } from '../stix/sdo/vulnerability.js';
import { MarkingDefinitionSchema } from '../stix/marking-definition.js';
import type { AdvisoryRow } from './advisories.table.js';

/** CERT-Thüringen's STIX identity: fixed, so every export names the same producer. */
export { CERT_THUERINGEN_IDENTITY_ID } from '../stix-objects/cert-identity.js';
// Namespace of the UUIDv5 ids derived from advisories (random, fixed once).
const ADVISORY_NAMESPACE = '36a1dc1b-7186-4fd5-bd26-8973bb7f85b6';

/** RFC 4122 UUIDv5 (SHA-1, name-based): the same name always yields the same id. */
function uuidV5(name: string, namespace = ADVISORY_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type StixObject = Record<string, unknown> & { id: string };

function validated(schema: z.ZodType, object: StixObject, index: number): StixObject {
  const result = schema.safeParse(object);
  if (result.success) return object;
  const problems = zodIssuesToProblems(result.error.issues).map((problem) => ({ ...problem, path: `objects.${index}.${problem.path}` }));
  throw new AppError('UNPROCESSABLE_CONTENT', `The STIX ${String(object.type)} object of this advisory is invalid.`, problems);
}

function joined(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length > 0 ? present.join('\n\n') : undefined;
}

/**
 * The English version of an object's text properties as a `language-content` object, or null when
 * there is no English text. `object_modified` pins the translation to the version it translates.
 */
function languageContent(advisoryId: string, objectRef: string, common: Record<string, unknown> & { modified: string }, english: Record<string, string | undefined>): StixObject | null {
  const texts = Object.fromEntries(Object.entries(english).filter(([, value]) => value !== undefined && value !== ''));
  if (Object.keys(texts).length === 0) return null;
  return {
    type: 'language-content',
    id: `language-content--${uuidV5(`${advisoryId}/language-content/${objectRef}`)}`,
    ...common,
    object_ref: objectRef,
    object_modified: common.modified,
    contents: { en: texts },
  };
}

/**
 * The STIX 2.1 bundle of a published advisory, every object validated by the strict schemas.
 * The caller must have checked `canExport`.
 * @throws AppError UNPROCESSABLE_CONTENT listing every invalid property with its path
 */
export function advisoryToStixBundle(row: AdvisoryRow): { type: 'bundle'; id: string; objects: StixObject[] } {
  const content = row.content;
  const marking = tlpMarkingDefinition(row.tlp);
  const markingRefs = [tlpMarkingId(row.tlp)];
  const created = row.createdAt.toISOString();
  const modified = (row.publishedAt && row.updatedAt < row.publishedAt ? row.publishedAt : row.updatedAt).toISOString();
  const common = { spec_version: '2.1', created, modified, created_by_ref: CERT_THUERINGEN_IDENTITY_ID, object_marking_refs: markingRefs };

  const identity = certIdentity(markingRefs);
  const vulnerabilities = content.cves.map((cve) => ({
    type: 'vulnerability',
    id: `vulnerability--${uuidV5(`${row.id}/${cve}`)}`,
    ...common,
    name: cve,
    external_references: [{ source_name: 'cve', external_id: cve }],
  }));
  const courses = content.recommendations
    ? [{ type: 'course-of-action', id: `course-of-action--${uuidV5(`${row.id}/recommendations`)}`, ...common, name: `Empfehlungen: ${content.title.de}`, description: content.recommendations.de, lang: 'de' }]
    : [];
  const report = {
    type: 'report',
    id: `report--${row.id}`,
    ...common,
    name: content.title.de,
    description: `${content.summary.de}\n\n${content.body.de}`,
    lang: 'de',
    report_types: ['vulnerability'],
    published: (row.publishedAt ?? row.updatedAt).toISOString(),
    labels: [`severity:${content.severity}`, ...(content.pap ? [`PAP:${content.pap.toUpperCase()}`] : [])],
    object_refs: [identity.id, ...vulnerabilities.map((object) => object.id), ...courses.map((object) => object.id)],
    ...(content.references.length > 0 ? { external_references: content.references.map((url) => ({ source_name: 'reference', url })) } : {}),
  };
  const translations = [
    languageContent(row.id, report.id, common, { name: content.title.en, description: joined(content.summary.en, content.body.en) }),
    ...courses.map((course) =>
      languageContent(row.id, course.id, common, { name: content.title.en ? `Recommendations: ${content.title.en}` : undefined, description: content.recommendations?.en }),
    ),
  ].filter((object): object is StixObject => object !== null);
  const objects: [z.ZodType, StixObject][] = [
    [ReportSchema, report],
    [IdentitySchema, identity],
    ...vulnerabilities.map((object): [z.ZodType, StixObject] => [VulnerabilitySchema, object]),
    ...courses.map((object): [z.ZodType, StixObject] => [CourseOfActionSchema, object]),
    ...translations.map((object): [z.ZodType, StixObject] => [LanguageContentSchema, object]),
    [MarkingDefinitionSchema, { ...marking }],
  ];
  return {
    type: 'bundle',
    id: `bundle--${uuidV5(`${row.id}/bundle/${row.version}`)}`,
    objects: objects.map(([schema, object], index) => validated(schema, object, index)),
  };
}
