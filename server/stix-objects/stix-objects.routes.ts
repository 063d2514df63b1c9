/**
 * STIX through the JSON API: the stored objects (list and filter, policy applied), bundles of any
 * selection, and bundle import (lenient validation, every problem with its path, the caller must be
 * allowed to set the label and audience it claims).
 */
import { inArray } from 'drizzle-orm';
import { AudienceSchema, emptyAudience } from '../access/audience.js';
import { TLP_LEVELS, TlpInputSchema, tlpLabel } from '../access/tlp.js';
import { requireUser } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z, type Fits } from '../platform/http/openapi-zod.js';
import { StixBundleSchema, StixObjectSchema } from './stix.responses.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { CursorParamSchema } from '../platform/http/pagination.js';
import { AppError } from '../platform/errors.js';
import { organizations, sharingGroups } from '../organizations/organizations.table.js';
import { users } from '../users/users.table.js';
import { addStixObjects } from './stix-objects.service.js';
import { listStixObjectsVisibleTo } from './stix-objects.repo.js';
import { exportSelection, markedBody } from './stix-bundles.js';
import type { StixObjectRow } from './stix-objects.table.js';

const TAGS = ['STIX'];
const StoredObjectListSchema = z
  .object({
    items: z.array(z.object({ id: z.string(), type: z.string(), version: z.string().describe('The STIX `modified` of this version'), tlp: z.string(), source: z.string(), addedAt: z.string(), stix: StixObjectSchema })),
    next: z.string().nullable(),
  })
  .openapi('StixStoredObjectList');
const ImportResultSchema = z
  .object({
    stored: z.number().int(),
    alreadyPresent: z.number().int(),
    predefined: z.number().int().describe('TLP marking-definitions, predefined here and not stored'),
    objects: z.array(z.object({ id: z.string(), version: z.string().nullable(), outcome: z.string() })),
  })
  .openapi('StixImportResult');
const CsvList = z
  .string()
  .max(20_000)
  .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''));

const ObjectListQuerySchema = z.object({
  type: CsvList.optional().meta({ description: 'STIX types, comma-separated (OR)', example: 'indicator,malware' }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Words in name, description, pattern or labels' }),
  tlp: TlpInputSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: CursorParamSchema,
});

const BundleQuerySchema = z.object({
  ids: CsvList.optional().meta({ description: 'STIX ids, comma-separated: stored objects, shared indicators and packages, `report--<advisory id>`' }),
  advisories: CsvList.optional().meta({ description: 'Advisory ids, comma-separated' }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Export the advisories of this search (the first 100 hits)' }),
});

const ImportBodySchema = z.strictObject({
  bundle: z.looseObject({ type: z.literal('bundle'), id: z.string().regex(/^bundle--[0-9a-fA-F-]{36}$/, 'Expected a bundle id'), objects: z.array(z.unknown()).min(1).max(10_000) }),
  tlp: TlpInputSchema.optional().meta({ description: 'Label of objects without a TLP marking; without it, unmarked objects are refused' }),
  audience: AudienceSchema.optional().meta({ description: 'Audience of the AMBER, AMBER+STRICT and RED objects' }),
});

const ObjectsCursor = defineCursor('stix-objects', { seq: CursorKey.sequence });

function presentRow(row: StixObjectRow) {
  return { id: row.stixId, type: row.type, version: row.modified.toISOString(), tlp: tlpLabel(row.tlp), source: row.source, addedAt: row.addedAt.toISOString(), stix: markedBody(row) };
}

/** Unknown audience ids are refused (422): nobody should believe an object reaches an organization that does not exist. */
async function assertAudienceExists(db: Database, audience: { organizations: string[]; sharingGroups: string[]; users: string[] }): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const check = async (ids: string[], found: () => Promise<{ id: string }[]>, path: string) => {
    if (ids.length === 0) return;
    const known = new Set((await found()).map((row) => row.id));
    ids.forEach((id, index) => {
      if (!known.has(id)) problems.push({ path: `audience.${path}.${index}`, message: 'Unknown id' });
    });
  };
  await check(audience.organizations, () => db.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, audience.organizations)), 'organizations');
  await check(audience.sharingGroups, () => db.select({ id: sharingGroups.id }).from(sharingGroups).where(inArray(sharingGroups.id, audience.sharingGroups)), 'sharingGroups');
  await check(audience.users, () => db.select({ id: users.id }).from(users).where(inArray(users.id, audience.users)), 'users');
  if (problems.length > 0) throw new AppError('UNPROCESSABLE_CONTENT', 'The audience names unknown recipients.', problems);
}

// The declared response schemas describe what the handlers return (checked by the compiler).
const _row: Fits<{ items: ReturnType<typeof presentRow>[]; next: string | null }, typeof StoredObjectListSchema> = true;
const _bundle: Fits<Awaited<ReturnType<typeof exportSelection>>, typeof StixBundleSchema> = true;

export function registerStixRoutes(api: Api, db: Database): void {
  api.define(
    { method: 'get', path: '/api/v1/stix/objects', summary: 'Stored STIX objects (feeds, TAXII, imports) visible to the caller, every version, newest arrival first', tags: TAGS, access: { authenticated: true }, query: ObjectListQuerySchema, responses: { 200: { description: 'A page of objects', schema: StoredObjectListSchema } } },
    async ({ query, principal }) => {
      const cursor = ObjectsCursor.decode(query.cursor);
      const rows = await listStixObjectsVisibleTo(db, principal, { types: query.type, q: query.q, tlp: query.tlp }, query.limit, cursor?.seq);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return { items: items.map(presentRow), next: rows.length > query.limit && last ? ObjectsCursor.encode({ seq: last.addedSeq }) : null };
    },
  );

  api.define(
    { method: 'get', path: '/api/v1/stix/bundle', summary: 'A STIX 2.1 bundle of any selection: advisories, a search result, shared indicators and packages, stored objects', tags: TAGS, access: { authenticated: true }, query: BundleQuerySchema, responses: { 200: { description: 'STIX 2.1 bundle with the TLP marking-definitions used', schema: StixBundleSchema } } },
    ({ query, principal, req }) => exportSelection(db, principal, { ids: query.ids ?? [], advisories: query.advisories ?? [], q: query.q }, req.ip ?? null),
  );

  api.define(
    {
      method: 'post',
      path: '/api/v1/stix/bundles',
      summary: 'Import a STIX 2.1 bundle: lenient validation, all or nothing (422 with every problem and its path)',
      tags: TAGS,
      access: { capability: 'taxii:write' },
      body: ImportBodySchema,
      bodyErrorCode: 'UNPROCESSABLE_CONTENT',
      successStatus: 201,
      responses: { 201: { description: 'What was stored', schema: ImportResultSchema } },
    },
    async ({ body, principal, req }) => {
      const user = requireUser(principal);
      const audience = body.audience ?? emptyAudience();
      await assertAudienceExists(db, audience);
      const target = { allowed: TLP_LEVELS, defaultTlp: body.tlp ?? null, audience };
      return db.transaction(async (tx) => {
        const outcomes = await addStixObjects(tx, user, body.bundle.objects, target, `import:${user.userId}`, { allOrNothing: true, ip: req.ip ?? null, where: 'api' });
        const problems = outcomes.flatMap((outcome) => outcome.problems.map((problem) => ({ ...problem, path: `bundle.${problem.path}` })));
        if (problems.length > 0) throw new AppError('UNPROCESSABLE_CONTENT', `${outcomes.filter((outcome) => !outcome.ok && outcome.problems.length > 0).length} of ${outcomes.length} objects are invalid; nothing was stored.`, problems);
        return {
          stored: outcomes.filter((outcome) => outcome.message === 'stored').length,
          alreadyPresent: outcomes.filter((outcome) => outcome.message === 'this version is already present').length,
          predefined: outcomes.filter((outcome) => outcome.message.startsWith('TLP marking-definitions')).length,
          objects: outcomes.map((outcome) => ({ id: outcome.id, version: outcome.version, outcome: outcome.message })),
        };
      });
    },
  );
}
