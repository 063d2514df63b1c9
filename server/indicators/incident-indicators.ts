/**
 * Indicators attached to an incident by its reporter or the CERT: from structured items or a bulk
 * paste (refanged and validated by `extract.ts`), each with its own TLP (at most AMBER+STRICT, the
 * incident's audience; it decides how far the CERT may share it later) or without one: then it is
 * kept at the incident's AMBER+STRICT and goes out at the TLP of the package the CERT shares it in
 * (the warninglists still hold back what identifies the reporter). The incidents slice calls these
 * after loading the incident through the visibility rule.
 */
import { isMoreRestrictive, type TlpLevel } from '../access/tlp.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { Executor } from '../platform/db/client.js';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { newStixId } from '../stix/common.js';
import { extractObservables, validateObservable, type Observable, type ObservableType } from './extract.js';
import { presentIndicator, type IndicatorDto } from './indicators.presenter.js';
import { insertIndicatorObjects, listIncidentIndicatorRows } from './indicators.repo.js';
import { buildIndicator, organizationIdentityId } from './stix-objects.js';

/** One requested indicator: a typed value, or free text to extract from. */
export type IndicatorItem = { type: ObservableType; value: string; tlp?: TlpLevel | undefined; description?: string | undefined };

/** An indicator ready to attach: `tlpExplicit` false when nobody labelled it (stored at the incident's AMBER+STRICT). */
export type ResolvedIndicator = { observable: Observable; tlp: TlpLevel; tlpExplicit: boolean; description?: string | undefined };

/** Where an unlabelled incident indicator is kept: the incident's own audience. */
const UNLABELLED_TLP: TlpLevel = 'amber+strict';

/**
 * Validates items and extracted text into observables with their TLP (an item's own, else the
 * request's, else none chosen).
 * @throws AppError UNPROCESSABLE_CONTENT listing every invalid item
 */
export function resolveIndicatorItems(items: IndicatorItem[], text: string | undefined, defaultTlp: TlpLevel | undefined): ResolvedIndicator[] {
  const problems: FieldProblem[] = [];
  const resolved: ResolvedIndicator[] = [];
  const label = (tlp: TlpLevel | undefined) => (tlp ? { tlp, tlpExplicit: true } : { tlp: UNLABELLED_TLP, tlpExplicit: false });
  items.forEach((item, index) => {
    const observable = validateObservable(item.type, item.value);
    const tlp = item.tlp ?? defaultTlp;
    if (!observable) problems.push({ path: `items.${index}.value`, message: `Not a valid ${item.type}` });
    if (tlp === 'red') problems.push({ path: `items.${index}.tlp`, message: 'An incident indicator is at most TLP:AMBER+STRICT' });
    if (observable) resolved.push({ observable, ...label(tlp), description: item.description });
  });
  if (text !== undefined) for (const observable of extractObservables(text).observables) resolved.push({ observable, ...label(defaultTlp) });
  if (defaultTlp === 'red') problems.push({ path: 'tlp', message: 'An incident indicator is at most TLP:AMBER+STRICT' });
  if (problems.length > 0) throw new AppError('UNPROCESSABLE_CONTENT', 'Some indicators are invalid.', problems);
  if (resolved.length === 0) throw new AppError('UNPROCESSABLE_CONTENT', 'No indicators found.', [{ path: text === undefined ? 'items' : 'text', message: 'nothing to add' }]);
  return resolved;
}

/**
 * Adds indicators to an incident; values already attached are skipped (the existing one stays).
 * @returns the newly added indicators
 */
export async function attachIndicators(
  tx: Executor,
  principal: UserPrincipal,
  incident: { id: string; reportingOrganizationId: string },
  resolved: ResolvedIndicator[],
  now: Date,
): Promise<IndicatorDto[]> {
  const existing = new Set((await listIncidentIndicatorRows(tx, incident.id)).map((row) => `${row.valueType}:${row.value}`));
  const organizationId = principal.isCert ? (principal.memberships.find((m) => m.organizationKind === 'cert')?.organizationId ?? incident.reportingOrganizationId) : incident.reportingOrganizationId;
  const fresh = resolved.filter((item) => {
    const key = `${item.observable.type}:${item.observable.value}`;
    if (existing.has(key)) return false;
    existing.add(key);
    return true;
  });
  const rows = await insertIndicatorObjects(
    tx,
    fresh.map((item) => {
      const body = buildIndicator({ id: newStixId('indicator'), observable: item.observable, tlp: item.tlp, createdAt: now, createdByRef: organizationIdentityId(organizationId), description: item.description });
      return {
        stixId: body.id,
        type: 'indicator' as const,
        modified: now,
        tlp: item.tlp,
        tlpExplicit: item.tlpExplicit,
        authorOrganizationId: organizationId,
        authorUserId: principal.userId,
        incidentId: incident.id,
        valueType: item.observable.type,
        value: item.observable.value,
        body,
        createdAt: now,
      };
    }),
  );
  return rows.map(presentIndicator);
}

/** The incident's indicators (the caller has checked the incident's visibility). */
export async function listIncidentIndicators(db: Executor, incidentId: string): Promise<IndicatorDto[]> {
  return (await listIncidentIndicatorRows(db, incidentId)).map(presentIndicator);
}

/** Whether sharing `indicatorTlp` under `packageTlp` lowers its protection. */
export function isShareDowngrade(indicatorTlp: TlpLevel, packageTlp: TlpLevel): boolean {
  return isMoreRestrictive(indicatorTlp, packageTlp);
}
