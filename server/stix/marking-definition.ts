/**
 * Marking Definition (STIX 2.1 §7.2.1) including the TLP 2.0 property extension.
 *
 * Rules beyond the shape:
 * - without `extensions`, `definition_type` and `definition` are required; a `statement`
 *   definition is `{ statement: string }` (§7.2.1.3);
 * - `definition_type: "tlp"` is reserved for the four predefined TLP 1.0 objects (§7.2.1.4), and
 *   the TLP 2.0 extension for the five OASIS objects (cti-stix-common-objects): an object that
 *   reuses an official TLP id, or claims TLP with another id, must match the official object
 *   exactly. That stops a forged "TLP:CLEAR" from carrying the TLP:RED id (or the reverse), which
 *   the access rules would otherwise trust.
 *
 * Marking definitions are not versioned: there is no `modified`, `revoked`, `labels`,
 * `confidence` or `lang` (§7.2.1 property table).
 */
import { z } from 'zod';
import {
  ExtensionsSchema,
  ExternalReferenceSchema,
  GranularMarkingSchema,
  SpecVersionSchema,
  TimestampSchema,
  addIssue,
  list,
  stixId,
} from './common.js';
import { defineStixSchemas } from './define.js';
import { TLP1_MARKING_IDS, TLP2_EXTENSION_DEFINITION_ID, TLP2_MARKING_IDS, officialTlpMarking } from './tlp.js';

const shape = {
  type: z.literal('marking-definition'),
  spec_version: SpecVersionSchema,
  id: stixId('marking-definition'),
  created_by_ref: stixId('identity').optional(),
  created: TimestampSchema,
  external_references: list(ExternalReferenceSchema).optional(),
  object_marking_refs: list(stixId('marking-definition')).optional(),
  granular_markings: list(GranularMarkingSchema).optional(),
  extensions: ExtensionsSchema.optional(),
  name: z.string().optional(),
  definition_type: z.string().optional(),
  definition: z.record(z.string(), z.unknown()).optional(),
};

type Shaped = z.output<z.ZodObject<typeof shape>>;

const OFFICIAL_IDS: ReadonlySet<string> = new Set([...Object.values(TLP1_MARKING_IDS), ...Object.values(TLP2_MARKING_IDS)]);

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('\u0000') !== kb.join('\u0000')) return false;
  return ka.every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function checkOfficialTlp(value: Shaped, ctx: z.RefinementCtx): void {
  const official = officialTlpMarking(value.id);
  const claimsTlp1 = value.definition_type === 'tlp';
  const claimsTlp2 = value.extensions?.[TLP2_EXTENSION_DEFINITION_ID] !== undefined;
  if (official === undefined) {
    if (claimsTlp1) addIssue(ctx, ['definition_type'], 'definition_type "tlp" is reserved for the predefined TLP 1.0 markings');
    if (claimsTlp2) addIssue(ctx, ['id'], 'The TLP 2.0 extension is only valid on the five OASIS TLP 2.0 markings');
    return;
  }
  if (value.name !== official.name) addIssue(ctx, ['name'], `${value.id} must be named ${official.name ?? ''}`);
  if (official.definition_type !== undefined) {
    // TLP 1.0: the whole object is fixed by the spec, including `created`.
    if (value.created !== official.created) addIssue(ctx, ['created'], `${value.id} was created ${official.created}`);
    if (!claimsTlp1 || !sameJson(value.definition, official.definition)) {
      addIssue(ctx, ['definition'], `${value.id} must carry ${JSON.stringify(official.definition)}`);
    }
    return;
  }
  const expected = official.extensions?.[TLP2_EXTENSION_DEFINITION_ID];
  if (!sameJson(value.extensions?.[TLP2_EXTENSION_DEFINITION_ID], expected)) {
    addIssue(ctx, ['extensions', TLP2_EXTENSION_DEFINITION_ID], `${value.id} must carry ${JSON.stringify(expected)}`);
  }
  if (value.definition_type !== undefined) addIssue(ctx, ['definition_type'], 'TLP 2.0 markings have no definition_type');
}

const schemas = defineStixSchemas(shape, (value, ctx) => {
  if (value.extensions === undefined && (value.definition_type === undefined || value.definition === undefined)) {
    addIssue(ctx, [], 'A marking definition without extensions needs definition_type and definition');
  }
  if ((value.definition_type === undefined) !== (value.definition === undefined)) {
    addIssue(ctx, ['definition'], 'definition_type and definition come together');
  }
  if (value.definition_type === 'statement' && typeof value.definition?.statement !== 'string') {
    addIssue(ctx, ['definition', 'statement'], 'A statement marking needs definition.statement');
  }
  if (OFFICIAL_IDS.has(value.id) || value.definition_type === 'tlp' || value.extensions?.[TLP2_EXTENSION_DEFINITION_ID]) {
    checkOfficialTlp(value, ctx);
  }
});

/** Marking Definition, strict: for objects Lagebild authors. */
export const MarkingDefinitionSchema = schemas.strict;
/** Marking Definition, lenient: for ingestion (keeps `x_` custom properties). */
export const MarkingDefinitionLenientSchema = schemas.lenient;
/** Output type of `MarkingDefinitionSchema`. */
export type MarkingDefinition = z.infer<typeof MarkingDefinitionSchema>;
