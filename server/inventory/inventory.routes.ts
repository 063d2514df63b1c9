import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { pageSchema } from '../platform/http/pagination.js';
import { AssetDtoSchema, AssetInputSchema, AssetListQuerySchema, AssetParamsSchema, AssetPatchSchema, CsvImportSchema, OrgParamsSchema, SuggestionQuerySchema } from './inventory.schemas.js';
import * as service from './inventory.service.js';

const TAGS = ['Inventory'];

function context(db: Database, principal: Principal, req: Request): service.InventoryContext {
  return { db, principal, ip: req.ip ?? null };
}

/** Product inventories per organization, CSV import/export and name suggestions. */
export function registerInventoryRoutes(api: Api, db: Database): void {
  const path = '/api/v1/organizations/:id/assets';
  api.define(
    { method: 'get', path, summary: "An organization's product inventory", tags: TAGS, access: { authenticated: true }, params: OrgParamsSchema, query: AssetListQuerySchema, responses: { 200: { description: 'A page of assets', schema: pageSchema(AssetDtoSchema) } } },
    ({ params, query, principal, req }) => service.listAssets(context(db, principal, req), params.id, query),
  );
  api.define(
    { method: 'post', path, summary: 'Add a product to the inventory', tags: TAGS, access: { capability: 'inventory:write' }, params: OrgParamsSchema, body: AssetInputSchema, successStatus: 201, responses: { 201: { description: 'The asset', schema: AssetDtoSchema } } },
    ({ params, body, principal, req }) => service.createAsset(context(db, principal, req), params.id, body),
  );
  api.define(
    { method: 'patch', path: `${path}/:assetId`, summary: 'Change an inventory entry', tags: TAGS, access: { capability: 'inventory:write' }, params: AssetParamsSchema, body: AssetPatchSchema, etag: { current: ({ params, principal, req }) => service.getAsset(context(db, principal, req), params.id, params.assetId) }, responses: { 200: { description: 'The asset', schema: AssetDtoSchema } } },
    ({ params, body, principal, req }) => service.updateAsset(context(db, principal, req), params.id, params.assetId, body),
  );
  api.define(
    { method: 'delete', path: `${path}/:assetId`, summary: 'Remove an inventory entry', tags: TAGS, access: { capability: 'inventory:write' }, params: AssetParamsSchema, responses: { 204: { description: 'Removed' } } },
    ({ params, principal, req }) => service.deleteAsset(context(db, principal, req), params.id, params.assetId),
  );
  api.define(
    { method: 'post', path: `${path}/import`, summary: 'Import a CSV file (all lines or nothing)', tags: TAGS, access: { capability: 'inventory:write' }, params: OrgParamsSchema, body: CsvImportSchema, responses: { 200: { description: 'Counts', schema: z.object({ imported: z.number().int(), replaced: z.number().int() }) } } },
    ({ params, body, principal, req }) => service.importInventoryCsv(context(db, principal, req), params.id, body.csv, body.mode),
  );
  api.define(
    { method: 'get', path: `${path}/export.csv`, summary: 'The inventory as CSV', tags: TAGS, access: { authenticated: true }, params: OrgParamsSchema, responses: { 200: { description: 'CSV', contentType: 'text/csv' } } },
    async ({ params, principal, req, res }) => {
      const csv = await service.exportInventoryCsv(context(db, principal, req), params.id);
      res.type('text/csv; charset=utf-8').attachment('inventar.csv').send(csv);
    },
  );
  api.define(
    { method: 'get', path: '/api/v1/inventory/suggestions', summary: 'Vendor and product names known to Lagebild', tags: TAGS, access: { authenticated: true }, query: SuggestionQuerySchema, responses: { 200: { description: 'Names', schema: z.object({ items: z.array(z.string()) }) } } },
    ({ query, principal, req }) => service.suggestNames(context(db, principal, req), query.field, query.q, query.vendor),
  );
  // After export.csv: `:assetId` would otherwise take that path.
  api.define(
    { method: 'get', path: `${path}/:assetId`, summary: 'One inventory entry (with its ETag)', tags: TAGS, access: { authenticated: true }, params: AssetParamsSchema, etag: 'response', responses: { 200: { description: 'The asset', schema: AssetDtoSchema } } },
    ({ params, principal, req }) => service.getAsset(context(db, principal, req), params.id, params.assetId),
  );
}
