import { z as zod } from 'zod';
import { requireUser } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { decodeCursor, PageQuerySchema, toPage } from '../platform/http/pagination.js';
import { inArray } from 'drizzle-orm';
import { organizations } from '../organizations/organizations.table.js';
import { extractObservables } from './extract.js';
import { presentIndicator } from './indicators.presenter.js';
import { findSharedVisibleTo, listSharedVisibleTo } from './indicators.repo.js';
import { exportIndicatorPackage, getIndicatorPackage, listIndicatorPackages } from './packages.js';
import { recordSighting, sightingsOf } from './sightings.js';
import { notFound } from '../platform/errors.js';

const TAGS = ['Indicators'];
const Json = z.record(z.string(), z.unknown());
const IndicatorParamsSchema = z.object({ id: z.string().regex(/^indicator--[0-9a-f-]{36}$/, 'Expected an indicator id') });
const PackageParamsSchema = z.object({ id: z.string().regex(/^grouping--[0-9a-f-]{36}$/, 'Expected a package (grouping) id') });
const SightingBodySchema = z.strictObject({
  seenAt: z.iso.datetime({ offset: true }),
  count: z.number().int().min(1).max(999_999_999).default(1),
  note: z.string().trim().min(1).max(2_000).optional(),
});
const CursorSchema = zod.object({ createdAt: zod.string(), id: zod.uuid() });

/** Shared indicators, packages, sightings, and the bulk-paste extraction preview. */
export function registerIndicatorRoutes(api: Api, deps: { db: Database; clock?: Clock }): void {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const names = async (ids: string[]) => {
    if (ids.length === 0) return new Map<string, string>();
    const rows = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [...new Set(ids)]));
    return new Map(rows.map((row) => [row.id, row.name]));
  };

  api.define({ method: 'post', path: '/api/v1/indicators/extract', summary: 'Preview: refang free text and extract validated observables (nothing stored)', tags: TAGS, access: { authenticated: true }, body: z.strictObject({ text: z.string().max(1_000_000) }), responses: { 200: { description: 'Observables and rejected candidates', schema: Json } } }, ({ body }) =>
    extractObservables(body.text),
  );
  api.define({ method: 'get', path: '/api/v1/indicators', summary: 'Shared indicators visible to the caller, newest first', tags: TAGS, access: { authenticated: true }, query: PageQuerySchema, responses: { 200: { description: 'A page of indicators', schema: Json } } }, async ({ query, principal }) => {
    const rows = await listSharedVisibleTo(db, principal, 'indicator', query.limit, decodeCursor(query.cursor, CursorSchema));
    const page = toPage(rows, query.limit, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
    return { items: page.items.map(presentIndicator), next: page.next };
  });
  api.define({ method: 'get', path: '/api/v1/indicators/:id', summary: 'One shared indicator', tags: TAGS, access: { authenticated: true }, params: IndicatorParamsSchema, responses: { 200: { description: 'The indicator', schema: Json } } }, async ({ params, principal }) => {
    const row = await findSharedVisibleTo(db, principal, params.id, 'indicator');
    if (!row) throw notFound('Indicator');
    return presentIndicator(row);
  });
  api.define({ method: 'post', path: '/api/v1/indicators/:id/sightings', summary: 'Record "seen here too" for a shared indicator', tags: TAGS, access: { capability: 'incident:report' }, params: IndicatorParamsSchema, body: SightingBodySchema, successStatus: 201, responses: { 201: { description: 'The sighting', schema: Json } } }, async ({ params, body, principal }) => {
    const user = requireUser(principal);
    const orgNames = await names(user.organizationIds);
    return db.transaction((tx) => recordSighting(tx, user, params.id, body, clock.now(), orgNames));
  });
  api.define({ method: 'get', path: '/api/v1/indicators/:id/sightings', summary: 'Spread of an indicator: community totals; sightings by organization for the CERT, own ones otherwise', tags: TAGS, access: { authenticated: true }, params: IndicatorParamsSchema, responses: { 200: { description: 'Totals and sightings', schema: Json } } }, ({ params, principal }) =>
    sightingsOf(db, principal, params.id, names),
  );
  api.define({ method: 'get', path: '/api/v1/indicator-packages', summary: 'Indicator packages visible to the caller', tags: TAGS, access: { authenticated: true }, query: PageQuerySchema, responses: { 200: { description: 'A page of packages', schema: Json } } }, ({ query, principal }) =>
    listIndicatorPackages(db, principal, query.limit, query.cursor),
  );
  api.define({ method: 'get', path: '/api/v1/indicator-packages/:id', summary: 'One indicator package', tags: TAGS, access: { authenticated: true }, params: PackageParamsSchema, responses: { 200: { description: 'The package', schema: Json } } }, ({ params, principal }) =>
    getIndicatorPackage(db, principal, params.id),
  );
  api.define({ method: 'get', path: '/api/v1/indicator-packages/:id/stix', summary: 'The package as a STIX 2.1 bundle', tags: TAGS, access: { authenticated: true }, params: PackageParamsSchema, responses: { 200: { description: 'STIX 2.1 bundle', schema: Json } } }, ({ params, principal }) =>
    exportIndicatorPackage(db, principal, params.id),
  );
}
