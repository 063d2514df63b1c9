/**
 * X.509 Certificate SCO (STIX 2.1 §6.18). Every property is optional, but the spec requires at
 * least one of them besides the common ones. validity_not_after MUST NOT precede
 * validity_not_before.
 */
import { z } from 'zod';
import { HashesSchema, TimestampSchema, addIssue, checkOrder, scoCommonShape } from '../common.js';
import { defineStixSchemas } from '../define.js';

const V3ExtensionsSchema = z
  .strictObject({
    basic_constraints: z.string().optional(),
    name_constraints: z.string().optional(),
    policy_constraints: z.string().optional(),
    key_usage: z.string().optional(),
    extended_key_usage: z.string().optional(),
    subject_key_identifier: z.string().optional(),
    authority_key_identifier: z.string().optional(),
    subject_alternative_name: z.string().optional(),
    issuer_alternative_name: z.string().optional(),
    subject_directory_attributes: z.string().optional(),
    crl_distribution_points: z.string().optional(),
    inhibit_any_policy: z.string().optional(),
    private_key_usage_period_not_before: TimestampSchema.optional(),
    private_key_usage_period_not_after: TimestampSchema.optional(),
    certificate_policies: z.string().optional(),
    policy_mappings: z.string().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'x509_v3_extensions must not be empty');

const common = scoCommonShape('x509-certificate');
const specific = {
  is_self_signed: z.boolean().optional(),
  hashes: HashesSchema.optional(),
  version: z.string().optional(),
  serial_number: z.string().optional(),
  signature_algorithm: z.string().optional(),
  issuer: z.string().optional(),
  validity_not_before: TimestampSchema.optional(),
  validity_not_after: TimestampSchema.optional(),
  subject: z.string().optional(),
  subject_public_key_algorithm: z.string().optional(),
  subject_public_key_modulus: z.string().optional(),
  subject_public_key_exponent: z.number().int().optional(),
  x509_v3_extensions: V3ExtensionsSchema.optional(),
};
const SPECIFIC_KEYS = Object.keys(specific);

const schemas = defineStixSchemas({ ...common, ...specific }, (value, ctx) => {
  const record: Record<string, unknown> = value;
  if (!SPECIFIC_KEYS.some((key) => record[key] !== undefined)) {
    addIssue(ctx, [], 'An x509-certificate needs at least one certificate property');
  }
  checkOrder(value, ctx, 'validity_not_before', 'validity_not_after');
});

/** X.509 Certificate, strict: for objects Lagebild authors. */
export const X509CertificateSchema = schemas.strict;
/** X.509 Certificate, lenient: for ingestion (keeps `x_` custom properties). */
export const X509CertificateLenientSchema = schemas.lenient;
/** Output type of `X509CertificateSchema`. */
export type X509Certificate = z.infer<typeof X509CertificateSchema>;
