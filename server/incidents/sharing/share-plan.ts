/**
 * What a share would send, computed without writing anything: the check (flags per indicator at
 * the chosen TLP), the chosen items with their overrides, the scrubbed free text, the reach, and
 * every problem that stops it. The preview shows exactly this; the share sends exactly this after
 * checking that nothing stops it.
 */
import { eq } from 'drizzle-orm';
import { reachOf, reachesNobody, type Reach } from '../../access/reach.js';
import { tlpLabel, type TlpLevel } from '../../access/tlp.js';
import type { Audience } from '../../access/audience.js';
import { anonymizedLabel, customLabel, listIncidentIndicatorRows, type IndicatorObjectRow, type ReporterLabel } from '../../indicators/index.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { users } from '../../users/users.table.js';
import type { IncidentRow } from '../incidents.table.js';
import { organizationOf } from '../use-cases/load.js';
import { scrubDeep, scrubText, type Removals, type ScrubContext } from './scrub-text.js';
import { incidentEngine, incidentPeople, isBlocking, shareCandidates, type ShareCandidate, type ShareFlag } from './share-check.js';

/** One chosen item of a package. */
export type ShareItemInput = { indicatorId: string; forBlocking?: boolean | undefined; overrideReason?: string | undefined };

/** What the CERT asks to share. */
export type ShareRequest = {
  reporterLabel?: string | undefined;
  package?: { items: ShareItemInput[]; tlp: TlpLevel; audience: Audience; name?: string | undefined; description?: string | undefined } | undefined;
  advisory?: Record<string, unknown> | undefined;
};

/** A problem that stops the share; `path` points into the request. */
export type ShareProblem = { code: 'SHARE_ITEMS_FLAGGED' | 'SHARE_REACHES_NOBODY'; path: string; indicatorId?: string; categories?: string[]; message: string };

/** The package exactly as recipients would get it. */
export type PlannedPackage = {
  name: string;
  description: string;
  tlp: TlpLevel;
  audience: Audience;
  items: { indicatorId: string; type: string; value: string; forBlocking: boolean; flags: ShareFlag[]; overrideReason: string | null }[];
};

export type SharePlan = {
  label: ReporterLabel;
  candidates: ShareCandidate[];
  package: PlannedPackage | null;
  advisory: Record<string, unknown> | null;
  removals: Removals;
  reach: Reach | null;
  problems: ShareProblem[];
  indicatorRows: Map<string, IndicatorObjectRow>;
};

/** The default title and description of a package, grammatical for the label. */
export function defaultPackageTexts(label: ReporterLabel, custom: boolean): { name: string; description: string } {
  if (custom) return { name: `Indikatoren eines Sicherheitsvorfalls (${label.nominative})`, description: `Von CERT-Thüringen geteilte Indikatoren eines Sicherheitsvorfalls. Betroffen: ${label.nominative}.` };
  return { name: `Indikatoren aus einem Vorfall bei ${label.dative}`, description: `Von CERT-Thüringen geteilte Indikatoren aus einem Sicherheitsvorfall bei ${label.dative}.` };
}

async function reporterOf(db: Executor, row: IncidentRow) {
  if (!row.reporterUserId) return undefined;
  const [user] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, row.reporterUserId)).limit(1);
  return user;
}

/** The scrubbing context and engine of an incident. */
export async function incidentShareContext(db: Executor, row: IncidentRow, reporterLabel?: string) {
  const organization = await organizationOf(db, row.reportingOrganizationId);
  const people = incidentPeople(row, organization, await reporterOf(db, row));
  const engine = incidentEngine(organization, people);
  const label = reporterLabel ? customLabel(reporterLabel) : anonymizedLabel(organization);
  const content = row.report ?? row.draft;
  return { organization, people, engine, label, custom: reporterLabel !== undefined, internalSystems: content.affectedSystems ?? [] };
}

/**
 * Plans a share. @throws AppError UNPROCESSABLE_CONTENT when an item is not an indicator of the incident
 */
export async function planShare(db: Executor, row: IncidentRow, request: ShareRequest, checkTlp: TlpLevel = 'green'): Promise<SharePlan> {
  const context = await incidentShareContext(db, row, request.reporterLabel);
  const indicators = await listIncidentIndicatorRows(db, row.id);
  const indicatorRows = new Map(indicators.map((indicator) => [indicator.stixId, indicator]));
  const tlp = request.package?.tlp ?? checkTlp;
  const candidates = shareCandidates(context.engine, indicators, tlp);
  const byId = new Map(candidates.map((candidate) => [candidate.indicatorId, candidate]));
  const problems: ShareProblem[] = [];
  const removals: Removals = {};
  let planned: PlannedPackage | null = null;
  const keep = new Set<string>();
  if (request.package) {
    const items = request.package.items.map((item, index) => {
      const candidate = byId.get(item.indicatorId);
      if (!candidate) throw new AppError('UNPROCESSABLE_CONTENT', 'Share indicators of this incident.', [{ path: `package.items.${index}.indicatorId`, message: 'not an indicator of this incident' }]);
      const blocking = candidate.flags.filter((flag) => isBlocking(flag, tlp));
      if (blocking.length > 0 && !item.overrideReason) {
        problems.push({ code: 'SHARE_ITEMS_FLAGGED', path: `package.items.${index}`, indicatorId: candidate.indicatorId, categories: blocking.map((flag) => flag.category), message: `${candidate.type} ${candidate.value} is flagged (${blocking.map((flag) => flag.category).join(', ')}) at TLP:${tlpLabel(tlp)}: leave it out or override it with a reason` });
      }
      keep.add(candidate.value.toLowerCase());
      return { indicatorId: candidate.indicatorId, type: candidate.type, value: candidate.value, forBlocking: item.forBlocking ?? !candidate.flags.some((flag) => flag.category === 'benign-service' || flag.category === 'scanner-or-sinkhole'), flags: candidate.flags, overrideReason: item.overrideReason ?? null };
    });
    const scrub: ScrubContext = { engine: context.engine, organizationNames: [context.organization.name, context.organization.shortName], label: context.label, personNames: context.people.names, internalSystems: context.internalSystems, keep };
    const defaults = defaultPackageTexts(context.label, context.custom);
    planned = {
      name: scrubText(request.package.name ?? defaults.name, scrub, removals),
      description: scrubText(request.package.description ?? defaults.description, scrub, removals),
      tlp,
      audience: request.package.audience,
      items,
    };
  }
  const scrubAdvisory: ScrubContext = { engine: context.engine, organizationNames: [context.organization.name, context.organization.shortName], label: context.label, personNames: context.people.names, internalSystems: context.internalSystems, keep };
  const advisory = request.advisory ? (scrubDeep(request.advisory, scrubAdvisory, removals) as Record<string, unknown>) : null;
  let reach: Reach | null = null;
  if (planned) {
    reach = await reachOf(db, { tlp, audience: planned.audience, authorOrganizationId: null, authorUserId: null });
    if (reachesNobody(reach)) problems.push({ code: 'SHARE_REACHES_NOBODY', path: 'package.audience', message: `A TLP:${tlpLabel(tlp)} package with this audience reaches no organization: choose recipients` });
  }
  return { label: context.label, candidates, package: planned, advisory, removals, reach, problems, indicatorRows };
}

/** The plan as the API returns it (preview and share dialog). */
export function presentPlan(plan: SharePlan) {
  return {
    reporterLabel: { de: plan.label.nominative, en: plan.label.en },
    candidates: plan.candidates,
    package: plan.package ? { ...plan.package, tlp: tlpLabel(plan.package.tlp) } : null,
    advisory: plan.advisory,
    removals: plan.removals,
    reach: plan.reach,
    problems: plan.problems,
    canSend: plan.problems.length === 0,
  };
}
