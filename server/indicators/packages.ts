/**
 * Indicator packages: the CERT's sanitized share of an incident's indicators as a STIX grouping
 * of fresh indicator copies (new ids, so nothing links them to the reporter's originals), with the
 * TLP and audience the CERT chose and the reporter named only anonymously.
 */
import { CERT_THUERINGEN_IDENTITY_ID as CERT_IDENTITY_ID, certIdentity } from '../stix-objects/cert-identity.js';
import type { Audience } from '../access/audience.js';
import { tlpMarkingDefinition, tlpMarkingId, type TlpLevel } from '../access/tlp.js';
import type { Principal, UserPrincipal } from '../auth/principal.js';
import type { Executor } from '../platform/db/client.js';
import { notFound } from '../platform/errors.js';
import { CursorKey, defineCursor } from '../platform/http/cursor.js';
import { toPage } from '../platform/http/pagination.js';
import { newStixId } from '../stix/common.js';
import { BundleSchema } from '../stix/bundle.js';
import { GroupingSchema } from '../stix/sdo/grouping.js';
import type { ObservableType } from './extract.js';
import { presentPackage } from './indicators.presenter.js';
import { findSharedIndicatorsVisibleTo, findSharedVisibleTo, insertIndicatorObjects, listSharedVisibleTo } from './indicators.repo.js';
import type { IndicatorObjectRow } from './indicators.table.js';
import { buildIndicator, organizationIdentityId, strictOrThrow, uuidV5 } from './stix-objects.js';

/** CERT-Thüringen's STIX identity (the same id the advisory exports use). */
export { CERT_THUERINGEN_IDENTITY_ID as CERT_IDENTITY_ID } from '../stix-objects/cert-identity.js';

/** What the CERT shares. */
export type PackageInput = {
  indicators: { observableType: ObservableType; value: string; forBlocking?: boolean }[];
  tlp: TlpLevel;
  audience: Audience;
  name: string;
  description: string;
  certOrganizationId: string | null;
};

/**
 * Writes the package (grouping + indicator copies); recipients find it through REST and TAXII.
 * @returns the package DTO
 */
export async function createIndicatorPackage(tx: Executor, principal: UserPrincipal, input: PackageInput, now: Date) {
  const visibility = {
    tlp: input.tlp,
    audienceOrganizationIds: input.audience.organizations,
    audienceSharingGroupIds: input.audience.sharingGroups,
    audienceUserIds: input.audience.users,
    authorOrganizationId: input.certOrganizationId,
    authorUserId: principal.userId,
    modified: now,
    createdAt: now,
  };
  const copies = input.indicators.map((indicator) => {
    const observable = { type: indicator.observableType, value: indicator.value };
    const body = buildIndicator({ id: newStixId('indicator'), observable, tlp: input.tlp, createdAt: now, createdByRef: CERT_IDENTITY_ID, description: input.description });
    return { ...visibility, stixId: body.id, type: 'indicator' as const, valueType: observable.type, value: observable.value, forBlocking: indicator.forBlocking ?? true, body };
  });
  const timestamp = now.toISOString();
  const grouping = strictOrThrow(
    GroupingSchema,
    {
      type: 'grouping',
      spec_version: '2.1',
      id: newStixId('grouping'),
      created: timestamp,
      modified: timestamp,
      created_by_ref: CERT_IDENTITY_ID,
      name: input.name,
      description: input.description,
      context: 'suspicious-activity',
      object_refs: copies.map((copy) => copy.stixId),
      object_marking_refs: [tlpMarkingId(input.tlp)],
    },
    'grouping',
  );
  const rows = await insertIndicatorObjects(tx, [...copies, { ...visibility, stixId: grouping.id, type: 'grouping', valueType: 'package', value: null, body: grouping }]);
  const packageRow = rows.find((row) => row.type === 'grouping')!;
  const dto = presentPackage(packageRow, rows.filter((row) => row.type === 'indicator'));
  return dto;
}

async function packageIndicators(db: Executor, principal: Principal, row: IndicatorObjectRow): Promise<IndicatorObjectRow[]> {
  const refs = ((row.body as { object_refs?: string[] }).object_refs ?? []).filter((ref) => ref.startsWith('indicator--'));
  return findSharedIndicatorsVisibleTo(db, principal, refs);
}

/** One package the principal may see. @throws AppError NOT_FOUND */
export async function getIndicatorPackage(db: Executor, principal: Principal, id: string) {
  const row = await findSharedVisibleTo(db, principal, id, 'grouping');
  if (!row) throw notFound('Indicator package');
  return presentPackage(row, await packageIndicators(db, principal, row));
}

const PackagesCursor = defineCursor('indicator-packages', { createdAt: CursorKey.timestamp, id: CursorKey.uuid });

/** Packages the principal may see, newest first. */
export async function listIndicatorPackages(db: Executor, principal: Principal, limit: number, cursor: string | undefined) {
  const rows = await listSharedVisibleTo(db, principal, 'grouping', limit, PackagesCursor.decode(cursor));
  const page = toPage(rows, limit, PackagesCursor, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  const items = [];
  for (const row of page.items) items.push(presentPackage(row, await packageIndicators(db, principal, row)));
  return { items, next: page.next };
}

/**
 * The package as a strict STIX 2.1 bundle: grouping, indicators, the CERT identity and the TLP marking.
 * @throws AppError NOT_FOUND
 */
export async function exportIndicatorPackage(db: Executor, principal: Principal, id: string) {
  const row = await findSharedVisibleTo(db, principal, id, 'grouping');
  if (!row) throw notFound('Indicator package');
  const indicators = await packageIndicators(db, principal, row);
  const identity = certIdentity([tlpMarkingId(row.tlp)]);
  const bundle = { type: 'bundle', id: `bundle--${uuidV5(`package/${row.stixId}/${row.modified.toISOString()}`)}`, objects: [row.body, ...indicators.map((indicator) => indicator.body), identity, tlpMarkingDefinition(row.tlp)] };
  return strictOrThrow(BundleSchema, bundle, 'bundle');
}

export { organizationIdentityId };
