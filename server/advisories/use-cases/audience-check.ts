/**
 * Publishing learns from matching: before (and when) an advisory goes out, which organizations run
 * an affected product but are outside its audience (they would not receive it), and which
 * organizations it addresses are not affected (noise for them, or a missing inventory). Computed
 * with the same engine, aliases and version schemes as "affects you", for the content about to be
 * published (a draft, or the prepared revision). Whether an organization may see the advisory is
 * asked of server/access/ (organizationCanView), nowhere else.
 *
 * TLP:AMBER and AMBER+STRICT address named organizations or sharing groups: publishing one with
 * an empty audience would reach the author's organization and the CERT only, which is never what
 * the author meant — it is refused (AUDIENCE_REQUIRED).
 */
import { inArray } from 'drizzle-orm';
import type { AccessObject } from '../../access/policy.js';
import { recipientsOf } from '../../access/reach.js';
import { estimateChannels, type ChannelEstimate, type DeliveryCapabilities } from '../../notifications/estimate.js';
import { loadOrganizationStandings, organizationCanView } from '../../access/organization-view.js';
import { AssetIndex, matchProducts, type AffectedProduct, type MatchCertainty } from '../../matching/engine.js';
import { candidateAssets, matchedOrganizations } from '../../matching/matching.service.js';
import { organizations, sharingGroupMembers } from '../../organizations/organizations.table.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { loadAliasIndex } from '../../products/product-aliases.service.js';
import type { AdvisoryRow } from '../advisories.table.js';

type Content = AdvisoryRow['content'];

export type AudienceCheck = {
  /** Organizations running an affected product that the advisory would not reach. */
  affectedOutsideAudience: { organizationId: string; name: string; certainty: MatchCertainty; reasons: { de: string; en: string }[] }[];
  /** Organizations the advisory addresses (directly or through a sharing group) whose inventory runs none of its products. */
  addressedNotAffected: { organizationId: string; name: string }[];
  /** Whom publishing would reach (as the policy decides) and over which channels. */
  reach: { organizations: number; recipients: number; channels: ChannelEstimate };
};

/** @throws AppError AUDIENCE_REQUIRED for TLP:AMBER / AMBER+STRICT without organizations or sharing groups */
export function assertAudienceForPublishing(content: Content): void {
  if (content.tlp !== 'amber' && content.tlp !== 'amber+strict') return;
  if (content.audience.organizations.length > 0 || content.audience.sharingGroups.length > 0) return;
  throw new AppError('AUDIENCE_REQUIRED', `TLP:${content.tlp.toUpperCase()} is shared with named recipients: choose the organizations or sharing groups that should receive this advisory before publishing it.`);
}

/** The access object of content about to be published by `row`'s author. */
function objectOf(row: AdvisoryRow, content: Content): AccessObject {
  return { tlp: content.tlp, audience: content.audience, authorOrganizationId: row.authorOrganizationId, authorUserId: row.authorUserId, status: 'published' };
}

/** Who runs an affected product but is outside the audience, and who is addressed but not affected. */
export async function checkAudience(tx: Executor, row: AdvisoryRow, content: Content, delivery: DeliveryCapabilities): Promise<AudienceCheck> {
  const products: AffectedProduct[] = content.products.map((product) => ({ vendor: product.vendor, product: product.product, versions: product.versions, cpe: product.cpe, purl: product.purl, scheme: product.scheme }));
  const aliases = await loadAliasIndex(tx);
  const matches = products.length > 0 ? matchProducts(products, new AssetIndex(await candidateAssets(tx, products, aliases), aliases)) : [];
  const affected = new Map<string, typeof matches>();
  for (const match of matches) affected.set(match.organizationId, [...(affected.get(match.organizationId) ?? []), match]);

  const addressed = new Set(content.audience.organizations);
  if (content.audience.sharingGroups.length > 0 && (content.tlp === 'amber' || content.tlp === 'amber+strict')) {
    const members = await tx.select({ organizationId: sharingGroupMembers.organizationId }).from(sharingGroupMembers).where(inArray(sharingGroupMembers.sharingGroupId, content.audience.sharingGroups));
    for (const member of members) addressed.add(member.organizationId);
  }
  const ids = [...new Set([...affected.keys(), ...addressed])];
  const standings = await loadOrganizationStandings(tx, ids);
  const names = new Map(ids.length > 0 ? (await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids))).map((org) => [org.id, org.name]) : []);
  const object = objectOf(row, content);
  const affectedOutsideAudience = [...affected.entries()]
    .filter(([organizationId]) => {
      const standing = standings.get(organizationId);
      return standing !== undefined && !organizationCanView(standing, object);
    })
    .map(([organizationId, orgMatches]) => ({
      organizationId,
      name: names.get(organizationId) ?? '',
      certainty: orgMatches.some((match) => match.certainty === 'confirmed') ? ('confirmed' as const) : ('possible' as const),
      reasons: orgMatches.map((match) => ({ de: match.reasonDe, en: match.reasonEn })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const addressedNotAffected = [...addressed]
    .filter((organizationId) => !affected.has(organizationId) && names.has(organizationId))
    .map((organizationId) => ({ organizationId, name: names.get(organizationId)! }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const recipients = await recipientsOf(tx, object);
  const outside = new Set(affectedOutsideAudience.map((entry) => entry.organizationId));
  const channels = await estimateChannels(tx, {
    ...recipients,
    affectedOrganizationIds: new Set([...affected.keys()].filter((id) => !outside.has(id))),
    alreadyAffectedOrganizationIds: new Set(row.status === 'draft' ? [] : await matchedOrganizations(tx, row.id)),
    severity: content.severity,
    tlp: content.tlp,
    revision: row.status !== 'draft',
    delivery,
  });
  return { affectedOutsideAudience, addressedNotAffected, reach: { organizations: recipients.organizationIds.length, recipients: recipients.userIds.length, channels } };
}
