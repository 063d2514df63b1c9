import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT_DIR } from '../../config/index.js';

/** The shared public sample data (never copied into the project; tests skip without it). */
export const SHARED_DATA = resolve(ROOT_DIR, '../shared/data');
export const OASIS_SCHEMAS = join(SHARED_DATA, 'stix/oasis-cti-stix2-json-schemas/schemas');
export const MEDALLION_DATA = join(SHARED_DATA, 'taxii/medallion-default_data.json');
const BUNDLE_SCHEMA_ID = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json';
// ajv-formats is CommonJS; under NodeNext its callable default export sits on `.default`.
const addFormats = addFormatsModule.default;

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? schemaFiles(join(dir, entry.name)) : entry.name.endsWith('.json') ? [join(dir, entry.name)] : []));
}

/** A validator for STIX bundles against the OASIS STIX 2.1 JSON schemas (as in advisories-stix.test.ts). */
export function oasisBundleValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, formats: { 'idn-hostname': true } });
  addFormats(ajv);
  for (const file of schemaFiles(OASIS_SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  const validate = ajv.getSchema(BUNDLE_SCHEMA_ID);
  if (!validate) throw new Error('bundle schema missing');
  return validate;
}

/** The objects of medallion's "High Value Indicator Collection" (real TAXII 2.1 test data). */
export function medallionObjects(): Record<string, unknown>[] {
  const data = JSON.parse(readFileSync(MEDALLION_DATA, 'utf8')) as { trustgroup1: { collections: { id: string; objects?: Record<string, unknown>[] }[] } };
  return data.trustgroup1.collections.find((collection) => collection.id === '91a7b528-80eb-42ed-a74d-c6fbd5a26116')?.objects ?? [];
}
