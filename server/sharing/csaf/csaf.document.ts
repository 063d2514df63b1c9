/**
 * A published advisory as a CSAF 2.0 document (profile `csaf_security_advisory`; `csaf_base` when
 * it names no affected product, since that profile demands a product tree and product status).
 * Deterministic: the same advisory revision always gives the same bytes, so hashes and signatures
 * can be cached by revision (csaf.cache.ts).
 *
 * Withdrawal (CSAF 2.0 has no withdrawn status): the document stays in its distribution with
 * `tracking.status` final, one more revision-history entry "withdrawn" dated at the withdrawal and
 * a note saying so; consumers see the change through `current_release_date` as for any update.
 */
import type { TlpLevel } from '../../access/tlp.js';
import type { AdvisoryContent } from '../../advisories/advisories.schemas.js';
import { bsiSeverityLabel } from '../../vulnerabilities/bsi-severity.js';
import { safeParseCvssVector } from '../../vulnerabilities/cvss.js';
import { buildProductTree } from './csaf.products.js';

/** CSAF 2.0 knows TLP 1.0 labels only: CLEAR is WHITE, AMBER+STRICT is AMBER (with a distribution text saying so). */
export type CsafTlpLabel = 'WHITE' | 'GREEN' | 'AMBER' | 'RED';

export function csafTlpLabel(tlp: TlpLevel): CsafTlpLabel {
  switch (tlp) {
    case 'clear':
      return 'WHITE';
    case 'green':
      return 'GREEN';
    case 'amber':
    case 'amber+strict':
      return 'AMBER';
    case 'red':
      return 'RED';
  }
}

/** The TLP levels of Lagebild stored under one CSAF label (and so one distribution folder). */
export function tlpLevelsOf(label: CsafTlpLabel): TlpLevel[] {
  return ({ WHITE: ['clear'], GREEN: ['green'], AMBER: ['amber', 'amber+strict'], RED: ['red'] } as const satisfies Record<CsafTlpLabel, TlpLevel[]>)[label];
}

/** The facts about one advisory the document is made of. */
export type CsafSource = {
  id: string;
  content: AdvisoryContent;
  status: 'published' | 'revised' | 'withdrawn';
  /** Published revisions, oldest first. */
  revisions: { version: number; publishedAt: Date }[];
  withdrawnAt: Date | null;
};

export type CsafContext = {
  publisher: { name: string; namespace: string; contactDetails: string; issuingAuthority: string };
  trackingIdPrefix: string;
  /** Link to the advisory in the web client. */
  webUrl: string;
};

/** `document.tracking.id` of an advisory. */
export function trackingId(prefix: string, advisoryId: string): string {
  return `${prefix}-${advisoryId}`;
}

/** CSAF §5.1 file name: lower case, every run of characters outside [+\-a-z0-9] becomes one `_`, plus `.json`. */
export function csafFileName(id: string): string {
  return `${id.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

type Note = { category: 'summary' | 'details' | 'general' | 'legal_disclaimer' | 'description'; title: string; text: string };

function documentNotes(source: CsafSource): Note[] {
  const { content } = source;
  const notes: Note[] = [
    { category: 'summary', title: 'Zusammenfassung', text: content.summary.de },
    { category: 'details', title: 'Beschreibung', text: content.body.de },
  ];
  if (content.title.en) notes.push({ category: 'general', title: 'Title (English)', text: content.title.en });
  if (content.summary.en) notes.push({ category: 'summary', title: 'Summary (English)', text: content.summary.en });
  if (content.body.en) notes.push({ category: 'details', title: 'Description (English)', text: content.body.en });
  if (content.recommendations) notes.push({ category: 'general', title: 'Empfohlene Maßnahmen', text: content.recommendations.de });
  if (content.recommendations?.en) notes.push({ category: 'general', title: 'Recommended actions (English)', text: content.recommendations.en });
  if (source.status === 'withdrawn') {
    notes.push({ category: 'general', title: 'Zurückgezogen / Withdrawn', text: 'CERT-Thüringen hat diese Warnmeldung zurückgezogen. / CERT-Thüringen has withdrawn this advisory.' });
  }
  notes.push({
    category: 'legal_disclaimer',
    title: 'Weitergabe (TLP)',
    text: `Dieses Dokument ist als TLP:${content.tlp.toUpperCase()} eingestuft; die Weitergabe richtet sich nach TLP 2.0 (https://www.first.org/tlp/).`,
  });
  return notes;
}

function tracking(source: CsafSource, ctx: CsafContext) {
  const history = source.revisions.map((revision, index) => ({
    date: revision.publishedAt.toISOString(),
    number: String(revision.version),
    summary: index === 0 ? 'Erstveröffentlichung / Initial release' : 'Aktualisierung / Update',
  }));
  if (source.status === 'withdrawn' && source.withdrawnAt) {
    const last = source.revisions.at(-1)?.version ?? 0;
    history.push({ date: source.withdrawnAt.toISOString(), number: String(last + 1), summary: 'Zurückgezogen / Withdrawn' });
  }
  const first = history[0];
  const latest = history.at(-1);
  if (!first || !latest) throw new Error(`advisory ${source.id} has no published revision`);
  return {
    id: trackingId(ctx.trackingIdPrefix, source.id),
    status: 'final',
    version: latest.number,
    initial_release_date: first.date,
    current_release_date: latest.date,
    revision_history: history,
    generator: { engine: { name: 'Lagebild' } },
  };
}

function scores(cvss: readonly string[], productIds: string[]) {
  // One CVSS v3 score per product and vulnerability (mandatory test 6.1.7): the first v3 vector.
  for (const vector of cvss) {
    const parsed = safeParseCvssVector(vector);
    if (!parsed.success || parsed.data.version === '4.0') continue;
    const { version, baseScore, severity } = parsed.data;
    return [{ products: productIds, cvss_v3: { version, vectorString: parsed.data.vector, baseScore, baseSeverity: severity.toUpperCase() } }];
  }
  return [];
}

/** Upgrades and patches are vendor fixes; anything else the CERT recommends is a mitigation. */
function remediationCategory(text: string): 'vendor_fix' | 'mitigation' {
  return /aktualisier|update|upgrade|patch|version|fix/i.test(text) ? 'vendor_fix' : 'mitigation';
}

function vulnerabilities(content: AdvisoryContent, productIds: string[]) {
  const notes = [{ category: 'description' as const, title: 'Beschreibung', text: content.summary.de }];
  const withProducts = productIds.length > 0;
  const recommendation = content.recommendations?.de;
  const common = withProducts
    ? {
        product_status: { known_affected: productIds },
        ...(recommendation ? { remediations: [{ category: remediationCategory(recommendation), details: recommendation, product_ids: productIds }] } : {}),
        ...(scores(content.cvss, productIds).length > 0 ? { scores: scores(content.cvss, productIds) } : {}),
      }
    : {};
  if (content.cves.length === 0) return withProducts ? [{ title: content.title.de, notes, ...common }] : [];
  return content.cves.map((cve) => ({ cve, notes, ...common }));
}

/** The CSAF 2.0 document of one published (or withdrawn) advisory. */
export function advisoryToCsaf(source: CsafSource, ctx: CsafContext): Record<string, unknown> {
  const { content } = source;
  const { tree, productIds } = buildProductTree(content.products);
  const label = csafTlpLabel(content.tlp);
  const vulns = vulnerabilities(content, productIds);
  return {
    document: {
      category: productIds.length > 0 ? 'csaf_security_advisory' : 'csaf_base',
      csaf_version: '2.0',
      lang: 'de',
      title: content.title.de,
      publisher: {
        category: 'coordinator',
        name: ctx.publisher.name,
        namespace: ctx.publisher.namespace,
        contact_details: ctx.publisher.contactDetails,
        issuing_authority: ctx.publisher.issuingAuthority,
      },
      aggregate_severity: { text: bsiSeverityLabel(content.severity, 'de') },
      distribution: {
        tlp: { label, url: 'https://www.first.org/tlp/' },
        ...(content.tlp === 'amber+strict' ? { text: 'TLP:AMBER+STRICT — nur für die adressierten Organisationen, nicht für deren Unterorganisationen.' } : {}),
      },
      notes: documentNotes(source),
      references: [
        { category: 'self', summary: 'Warnmeldung in Lagebild', url: ctx.webUrl },
        ...content.references.map((url) => ({ category: 'external', summary: 'Referenz', url })),
      ],
      tracking: tracking(source, ctx),
    },
    ...(productIds.length > 0 ? { product_tree: tree } : {}),
    ...(vulns.length > 0 ? { vulnerabilities: vulns } : {}),
  };
}
