import { requireUser } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Api } from '../platform/http/api.js';
import { z, type Fits } from '../platform/http/openapi-zod.js';
import { CursorKey, defineCursor, offsetCursor } from '../platform/http/cursor.js';
import { CursorParamSchema, LimitQuerySchema, PageQuerySchema } from '../platform/http/pagination.js';
import { inArray } from 'drizzle-orm';
import { organizations } from '../organizations/organizations.table.js';
import { extractObservables } from './extract.js';
import { presentIndicator } from './indicators.presenter.js';
import { findSharedVisibleTo } from './indicators.repo.js';
import { exportRows, IndicatorFilterSchema, listIndicators, unsafeSightingTotalsOf } from './indicator-list.js';
import { EXPORT_FORMATS, renderExport } from './exports.js';
import { recordAuditNow } from '../audit/record-audit.js';
import { tlpLabel } from '../access/tlp.js';
import { exportIndicatorPackage, getIndicatorPackage, listIndicatorPackages } from './packages.js';
import { recordSighting, sightingsOf, spreadView, SIGHTING_CONTEXTS } from './sightings.js';
import { notFound } from '../platform/errors.js';
import { StixBundleSchema } from '../stix-objects/stix.responses.js';
import { ExtractionSchema, IndicatorPackageListSchema, IndicatorPackageSchema, IndicatorSchema, IndicatorSightingsSchema, SightingSchema, SightingTotalsSchema } from './indicators.responses.js';

const TAGS = ['Indicators'];
const IndicatorParamsSchema = z.object({ id: z.string().regex(/^indicator--[0-9a-f-]{36}$/, 'Expected an indicator id') });
const PackageParamsSchema = z.object({ id: z.string().regex(/^grouping--[0-9a-f-]{36}$/, 'Expected a package (grouping) id') });
const SightingBodySchema = z.strictObject({
  seenAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }).optional(),
  count: z.number().int().min(1).max(999_999_999).default(1),
  context: z.enum(SIGHTING_CONTEXTS).default('other'),
  note: z.string().trim().min(1).max(2_000).optional(),
});
const ListQuerySchema = IndicatorFilterSchema.extend({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: CursorParamSchema });
const ExportQuerySchema = IndicatorFilterSchema.extend({ format: z.enum(EXPORT_FORMATS) });
/** The list sorts by any column, so it pages by offset. */
const IndicatorsCursor = defineCursor('indicators', { offset: CursorKey.offset });
const IndicatorListSchema = z
  .object({
    items: z.array(IndicatorSchema.extend({ sightings: SightingTotalsSchema })),
    next: z.string().nullable(),
  })
  .openapi('IndicatorList');
const SpreadSchema = z
  .object({ items: z.array(z.object({ indicator: z.object({ id: z.string(), type: z.string().nullable(), value: z.string().nullable(), tlp: z.string() }), organizations: z.number().int(), count: z.number().int(), lastSeen: z.string().nullable(), sightings: z.array(SightingSchema) })), next: z.null() })
  .openapi('IndicatorSpread');

/** Shared indicators, packages, sightings, and the bulk-paste extraction preview. */
export function registerIndicatorRoutes(api: Api, deps: { db: Database; clock?: Clock }): void {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const names = async (ids: string[]) => {
    if (ids.length === 0) return new Map<string, string>();
    const rows = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [...new Set(ids)]));
    return new Map(rows.map((row) => [row.id, row.name]));
  };

  api.define({ method: 'post', path: '/api/v1/indicators/extract', summary: 'Preview: refang free text and extract validated observables (nothing stored)', tags: TAGS, access: { authenticated: true }, body: z.strictObject({ text: z.string().max(1_000_000) }), responses: { 200: { description: 'Observables and rejected candidates', schema: ExtractionSchema } } }, ({ body }) =>
    extractObservables(body.text),
  );
  api.define({ method: 'get', path: '/api/v1/indicators', summary: 'Shared indicators visible to the caller: filter by type, TLP, text and for-blocking; sort by any column; with sighting totals', tags: TAGS, access: { authenticated: true }, query: ListQuerySchema, responses: { 200: { description: 'A page of indicators', schema: IndicatorListSchema } } }, async ({ query, principal }) => {
    const offset = IndicatorsCursor.decode(query.cursor)?.offset ?? 0;
    const rows = await listIndicators(db, principal, query, query.limit, offset);
    const page = rows.slice(0, query.limit);
    const totals = await unsafeSightingTotalsOf(db, page.map((row) => row.stixId));
    return {
      items: page.map((row) => ({ ...presentIndicator(row), sightings: totals.get(row.stixId) ?? { sightings: 0, count: 0, organizations: 0, lastSeen: null } })),
      next: rows.length > query.limit ? offsetCursor(IndicatorsCursor, offset + query.limit) : null,
    };
  });
  api.define({ method: 'get', path: '/api/v1/indicators/export', summary: 'Export the visible indicators (same filters as the list): csv, ips, domains, urls, hashes (for blocking only), rpz (DNS response policy zone), stix (2.1 bundle), misp (event JSON)', tags: TAGS, access: { authenticated: true }, query: ExportQuerySchema, responses: { 200: { description: 'The export file, as a download (media type by format: text/csv, text/plain, text/dns, application/stix+json, application/json)', contentType: 'application/octet-stream' } } }, async ({ query, principal, req, res }) => {
    const rendered = renderExport(query.format, await exportRows(db, principal, query), clock.now());
    if (principal.kind === 'user') {
      await recordAuditNow(db, { userId: principal.userId, label: principal.email, ip: req.ip ?? null }, { action: 'indicators.exported', objectType: 'indicator', objectId: null, tlp: rendered.tlp, details: { format: query.format, count: rendered.count } });
    }
    res.status(200).set('Content-Type', rendered.mediaType).set('Content-Disposition', `attachment; filename="${rendered.fileName}"`).set('Cache-Control', 'private, no-store');
    if (rendered.tlp) res.set('X-TLP', `TLP:${tlpLabel(rendered.tlp)}`);
    res.end(rendered.body);
    return undefined;
  });
  api.define({ method: 'get', path: '/api/v1/indicators/spread', summary: "The CERT's spread view: shared indicators by how many organizations sighted them, with the organizations", tags: TAGS, access: { capability: 'incident:triage' }, query: LimitQuerySchema, responses: { 200: { description: 'Indicators with their spread', schema: SpreadSchema } } }, ({ query, principal }) =>
    spreadView(db, principal, query.limit, names),
  );
  api.define({ method: 'get', path: '/api/v1/indicators/:id', summary: 'One shared indicator', tags: TAGS, access: { authenticated: true }, params: IndicatorParamsSchema, responses: { 200: { description: 'The indicator', schema: IndicatorSchema } } }, async ({ params, principal }) => {
    const row = await findSharedVisibleTo(db, principal, params.id, 'indicator');
    if (!row) throw notFound('Indicator');
    return presentIndicator(row);
  });
  api.define({ method: 'post', path: '/api/v1/indicators/:id/sightings', summary: 'Record "seen here too" for a shared indicator', tags: TAGS, access: { capability: 'incident:report' }, params: IndicatorParamsSchema, body: SightingBodySchema, successStatus: 201, responses: { 201: { description: 'The sighting', schema: SightingSchema } } }, async ({ params, body, principal }) => {
    const user = requireUser(principal);
    const orgNames = await names(user.organizationIds);
    return db.transaction((tx) => recordSighting(tx, user, params.id, body, clock.now(), orgNames));
  });
  api.define({ method: 'get', path: '/api/v1/indicators/:id/sightings', summary: 'Spread of an indicator: community totals; sightings by organization for the CERT, own ones otherwise', tags: TAGS, access: { authenticated: true }, params: IndicatorParamsSchema, responses: { 200: { description: 'Totals and sightings', schema: IndicatorSightingsSchema } } }, ({ params, principal }) =>
    sightingsOf(db, principal, params.id, names),
  );
  api.define({ method: 'get', path: '/api/v1/indicator-packages', summary: 'Indicator packages visible to the caller', tags: TAGS, access: { authenticated: true }, query: PageQuerySchema, responses: { 200: { description: 'A page of packages', schema: IndicatorPackageListSchema } } }, ({ query, principal }) =>
    listIndicatorPackages(db, principal, query.limit, query.cursor),
  );
  api.define({ method: 'get', path: '/api/v1/indicator-packages/:id', summary: 'One indicator package', tags: TAGS, access: { authenticated: true }, params: PackageParamsSchema, responses: { 200: { description: 'The package', schema: IndicatorPackageSchema } } }, ({ params, principal }) =>
    getIndicatorPackage(db, principal, params.id),
  );
  api.define({ method: 'get', path: '/api/v1/indicator-packages/:id/stix', summary: 'The package as a STIX 2.1 bundle', tags: TAGS, access: { authenticated: true }, params: PackageParamsSchema, responses: { 200: { description: 'STIX 2.1 bundle', schema: StixBundleSchema } } }, ({ params, principal }) =>
    exportIndicatorPackage(db, principal, params.id),
  );
}

// The declared response schemas describe what the handlers return (checked by the compiler).
const _indicator: Fits<ReturnType<typeof presentIndicator>, typeof IndicatorSchema> = true;
const _sightings: Fits<Awaited<ReturnType<typeof sightingsOf>>, typeof IndicatorSightingsSchema> = true;
const _packages: Fits<Awaited<ReturnType<typeof listIndicatorPackages>>, typeof IndicatorPackageListSchema> = true;
const _package: Fits<Awaited<ReturnType<typeof getIndicatorPackage>>, typeof IndicatorPackageSchema> = true;
const _packageStix: Fits<Awaited<ReturnType<typeof exportIndicatorPackage>>, typeof StixBundleSchema> = true;
const _extraction: Fits<ReturnType<typeof extractObservables>, typeof ExtractionSchema> = true;
const _spread: Fits<Awaited<ReturnType<typeof spreadView>>, typeof SpreadSchema> = true;
const _sighting: Fits<Awaited<ReturnType<typeof recordSighting>>, typeof SightingSchema> = true;
