/** Creating drafts and editing advisories (a draft in place, a published one as a prepared revision). */
import { inArray } from 'drizzle-orm';
import { assertCan, assertCanSeePendingRevision } from '../../access/assert.js';
import type { Principal } from '../../auth/principal.js';
import { organizations, sharingGroups } from '../../organizations/organizations.table.js';
import { users } from '../../users/users.table.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError, notFound, type FieldProblem } from '../../platform/errors.js';
import { parseOrThrow } from '../../platform/http/validate.js';
import { accessObjectOf, pendingAccessObjectOf, assertEditable, assertGermanKeptInRevision, assertTlpChangeAllowed, isPublished } from '../advisories.policy.js';
import { presentAdvisory, type AdvisoryDto } from '../advisories.presenter.js';
import { columnsFromContent, findAdvisoryVisibleTo, insertAdvisory, updateAdvisory } from '../advisories.repo.js';
import { AdvisoryContentSchema, type AdvisoryContent, type AdvisoryPatch } from '../advisories.schemas.js';
import { assertIfMatch, type IfMatch } from '../../platform/http/etag.js';
import type { UseCaseContext } from './context.js';

async function missingIds(db: Executor, table: typeof organizations | typeof sharingGroups | typeof users, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  const found = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * Audience entries must name existing organizations, sharing groups and users; a typo would
 * otherwise silently address no one.
 * @throws AppError UNPROCESSABLE_CONTENT listing each unknown id with its path
 */
async function assertAudienceExists(db: Executor, content: AdvisoryContent): Promise<void> {
  const { audience } = content;
  const problems: FieldProblem[] = [];
  const checks = [
    ['organizations', organizations, audience.organizations],
    ['sharingGroups', sharingGroups, audience.sharingGroups],
    ['users', users, audience.users],
  ] as const;
  for (const [key, table, ids] of checks) {
    for (const id of await missingIds(db, table, ids)) problems.push({ path: `audience.${key}.${ids.indexOf(id)}`, message: `Unknown id ${id}` });
  }
  if (problems.length > 0) throw new AppError('UNPROCESSABLE_CONTENT', 'The advisory addresses unknown recipients.', problems);
}

function authorOrganizationOf(principal: Principal): string | null {
  if (principal.kind !== 'user') return null;
  const cert = principal.memberships.find((membership) => membership.organizationKind === 'cert');
  return cert?.organizationId ?? principal.organizationIds[0] ?? null;
}

/**
 * Creates a draft. The route has checked `advisory:write` and validated the body.
 * @throws AppError UNPROCESSABLE_CONTENT for unknown audience ids
 */
export async function createAdvisory(ctx: UseCaseContext, content: AdvisoryContent): Promise<AdvisoryDto> {
  const { db, principal } = ctx;
  await assertAudienceExists(db, content);
  const row = await insertAdvisory(db, {
    ...columnsFromContent(content),
    status: 'draft',
    content,
    authorOrganizationId: authorOrganizationOf(principal),
    authorUserId: principal.kind === 'user' ? principal.userId : null,
  });
  return presentAdvisory(row, principal);
}

/** The localized fields: a patch of one language keeps the others. */
const LOCALIZED_FIELDS = ['title', 'summary', 'body', 'recommendations'] as const;

/**
 * Merges a patch into the current content. Localized fields merge per language (`{"body":{"de":…}}`
 * keeps `body.en`; `"en": null` removes the English text; `"recommendations": null` removes the
 * recommendations); every other field is replaced.
 */
export function mergeAdvisoryPatch(base: AdvisoryContent, patch: AdvisoryPatch): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...patch };
  for (const field of LOCALIZED_FIELDS) {
    const change = patch[field];
    if (change === undefined) continue;
    if (change === null) {
      delete merged[field];
      continue;
    }
    const languages: Record<string, unknown> = { ...base[field], ...change };
    for (const [language, text] of Object.entries(languages)) if (text === null) delete languages[language];
    merged[field] = languages;
  }
  return merged;
}

/**
 * Applies a patch: a draft changes in place; a published advisory gets (or updates) its prepared
 * revision, which `publishAdvisory` turns into the next version. Nothing is stored when the merged
 * advisory is invalid, or when `ifMatch` names a version that is no longer current (checked under
 * the row lock, so two writers from one version cannot both pass).
 * A draft may hold a text in English only (German empty); a revision keeps the German text.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT | TLP_DOWNGRADE_NOT_ALLOWED | GERMAN_TEXT_REQUIRED | PRECONDITION_FAILED
 */
export async function updateAdvisoryContent(ctx: UseCaseContext, id: string, patch: AdvisoryPatch, ifMatch: IfMatch = null): Promise<AdvisoryDto> {
  const { principal } = ctx;
  return ctx.db.transaction(async (tx) => {
    const row = await findAdvisoryVisibleTo(tx, principal, id, true);
    if (!row) throw notFound('Advisory');
    assertCan(principal, 'edit', accessObjectOf(row), 'Advisory');
    assertCanSeePendingRevision(principal, accessObjectOf(row), pendingAccessObjectOf(row));
    assertEditable(row.status);
    assertIfMatch(ifMatch, presentAdvisory(row, principal));
    const published = isPublished(row.status);
    const base = published ? (row.pending ?? row.content) : row.content;
    const merged = parseOrThrow(AdvisoryContentSchema, mergeAdvisoryPatch(base, patch), 'body', 'UNPROCESSABLE_CONTENT');
    await assertAudienceExists(tx, merged);
    if (published) {
      assertTlpChangeAllowed(principal, row.tlp, merged.tlp);
      assertGermanKeptInRevision(merged);
      return presentAdvisory(await updateAdvisory(tx, id, { pending: merged, updatedAt: new Date() }), principal);
    }
    return presentAdvisory(await updateAdvisory(tx, id, { ...columnsFromContent(merged), content: merged, updatedAt: new Date() }), principal);
  });
}
