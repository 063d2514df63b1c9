/**
 * The CSAF 2.0 provider (spec §7.1): provider-metadata.json, and per TLP label one distribution
 * folder `/.well-known/csaf/<label>/` holding the ROLIE feed `feed-tlp-<label>.json`, `index.txt`,
 * `changes.csv` and `<year>/<file>.json` with `.sha256`, `.sha512` and `.asc`. Every listing and
 * document is read through `visibleTo` for the caller, so a GREEN or AMBER folder shows each
 * caller exactly what the policy lets them see.
 *
 * Generated documents, their hashes and signatures are cached by advisory revision (id, version,
 * status): a publication, revision or withdrawal changes the key, so the next request regenerates,
 * and signing (slow) happens once per revision and process.
 */
import { createHash } from 'node:crypto';
import type { Settings } from '../../../config/settings.schema.js';
import type { Principal } from '../../auth/principal.js';
import { ANONYMOUS } from '../../auth/principal.js';
import { isMoreRestrictive } from '../../access/tlp.js';
import { auditActorOf } from '../../advisories/advisories.policy.js';
import { recordAuditNow } from '../../audit/record-audit.js';
import { advisoryLink } from '../../notifications/render.js';
import type { Database } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import type { SigningKey } from '../signing-key.js';
import { advisoryToCsaf, csafFileName, trackingId, tlpLevelsOf, type CsafTlpLabel } from './csaf.document.js';
import { findCsafAdvisory, listCsafAdvisories, revisionDates, type CsafAdvisoryRow } from '../published-advisories.repo.js';

export const CSAF_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const satisfies readonly CsafTlpLabel[];
export const CSAF_FOLDERS = ['white', 'green', 'amber', 'red'] as const;
export type CsafFolder = (typeof CSAF_FOLDERS)[number];

const CSAF_SCHEMA = 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json';
const CACHE_LIMIT = 1000;

export function labelOf(folder: CsafFolder): CsafTlpLabel {
  return folder.toUpperCase() as CsafTlpLabel;
}

/** A served document with its hash and signature files. */
export type CsafArtifact = { json: string; sha256: string; sha512: string; asc: string; fileName: string };

/** One advisory as listed in a distribution. */
type Entry = { row: CsafAdvisoryRow; fileName: string; path: string; initial: string; current: string };

export type CsafProviderDeps = { db: Database; baseUrl: string; settings: Settings['csaf']; signingKey: () => Promise<SigningKey> };

export class CsafProvider {
  private readonly cache = new Map<string, Promise<CsafArtifact>>();
  readonly root: string;

  constructor(private readonly deps: CsafProviderDeps) {
    this.root = `${deps.baseUrl}/.well-known/csaf`;
  }

  private fileNameOf(advisoryId: string): string {
    return csafFileName(trackingId(this.deps.settings.trackingIdPrefix, advisoryId));
  }

  /** The advisory id inside a file name of this provider, or undefined. */
  advisoryIdOf(fileName: string): string | undefined {
    const prefix = csafFileName(this.deps.settings.trackingIdPrefix).replace(/\.json$/, '');
    const match = new RegExp(`^${prefix.replace(/[+]/g, '\\+')}-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.json$`).exec(fileName);
    return match?.[1];
  }

  private entry(row: CsafAdvisoryRow): Entry {
    const initial = row.publishedAt ?? row.lastRevisionAt;
    const current = row.status === 'withdrawn' && row.withdrawnAt ? row.withdrawnAt : row.lastRevisionAt;
    const fileName = this.fileNameOf(row.id);
    return { row, fileName, path: `${initial.getUTCFullYear()}/${fileName}`, initial: initial.toISOString(), current: current.toISOString() };
  }

  private async entries(principal: Principal, folder: CsafFolder): Promise<Entry[]> {
    const rows = await listCsafAdvisories(this.deps.db, principal, tlpLevelsOf(labelOf(folder)));
    return rows.map((row) => this.entry(row)).sort((a, b) => b.current.localeCompare(a.current) || a.path.localeCompare(b.path));
  }

  /** provider-metadata.json (role csaf_trusted_provider: documents are hashed and signed). */
  async metadata() {
    const key = await this.deps.signingKey();
    const publicEntries = await this.entries(ANONYMOUS, 'white');
    const { settings } = this.deps;
    return {
      canonical_url: `${this.root}/provider-metadata.json`,
      distributions: CSAF_FOLDERS.map((folder) => ({
        directory_url: `${this.root}/${folder}/`,
        rolie: { feeds: [{ summary: `${settings.publisherName}: Warnmeldungen TLP:${labelOf(folder)}`, tlp_label: labelOf(folder), url: this.feedUrl(folder) }] },
      })),
      last_updated: publicEntries[0]?.current ?? '2026-01-01T00:00:00.000Z',
      list_on_CSAF_aggregators: true,
      metadata_version: '2.0' as const,
      mirror_on_CSAF_aggregators: true,
      public_openpgp_keys: [{ fingerprint: key.fingerprint, url: `${this.root}/openpgp/${key.fingerprint}.asc` }],
      publisher: { category: 'coordinator' as const, name: settings.publisherName, namespace: settings.publisherNamespace, contact_details: settings.contactDetails, issuing_authority: settings.issuingAuthority },
      role: 'csaf_trusted_provider' as const,
    };
  }

  /** The key that signs the documents (its public half is published). */
  signingKey(): Promise<SigningKey> {
    return this.deps.signingKey();
  }

  feedUrl(folder: CsafFolder): string {
    return `${this.root}/${folder}/feed-tlp-${folder}.json`;
  }

  /** The ROLIE feed (RFC 8322 JSON) of a folder as the principal may see it. */
  async rolieFeed(principal: Principal, folder: CsafFolder): Promise<Record<string, unknown>> {
    const entries = await this.entries(principal, folder);
    const label = labelOf(folder);
    return {
      feed: {
        id: `${this.deps.settings.trackingIdPrefix.toLowerCase()}-csaf-feed-tlp-${folder}`,
        title: `${this.deps.settings.publisherName} CSAF feed (TLP:${label})`,
        link: [{ rel: 'self', href: this.feedUrl(folder) }],
        category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
        updated: entries[0]?.current ?? '2026-01-01T00:00:00.000Z',
        entry: entries.map((entry) => {
          const href = `${this.root}/${folder}/${entry.path}`;
          return {
            id: trackingId(this.deps.settings.trackingIdPrefix, entry.row.id),
            title: entry.row.content.title.de,
            link: [
              { rel: 'self', href },
              { rel: 'hash', href: `${href}.sha256` },
              { rel: 'hash', href: `${href}.sha512` },
              { rel: 'signature', href: `${href}.asc` },
            ],
            published: entry.initial,
            updated: entry.current,
            summary: { content: entry.row.content.summary.de },
            content: { type: 'application/json', src: href },
            format: { schema: CSAF_SCHEMA, version: '2.0' },
          };
        }),
      },
    };
  }

  /** index.txt: every document path relative to the folder, one a line. */
  async indexTxt(principal: Principal, folder: CsafFolder): Promise<string> {
    const entries = await this.entries(principal, folder);
    return entries.map((entry) => `${entry.path}\n`).join('');
  }

  /**
   * Directory listing (requirement 13: server-side listings for manual navigation) of a folder
   * (`year` undefined: the listings files and the year folders) or of one year folder.
   * @returns relative link targets, folders ending in `/`.
   */
  async listing(principal: Principal, folder: CsafFolder, year?: string): Promise<string[]> {
    const entries = await this.entries(principal, folder);
    if (year === undefined) {
      const years = [...new Set(entries.map((entry) => entry.path.slice(0, 4)))].sort();
      return [`feed-tlp-${folder}.json`, 'index.txt', 'changes.csv', ...years.map((y) => `${y}/`)];
    }
    const names = entries.filter((entry) => entry.path.startsWith(`${year}/`)).map((entry) => entry.fileName).sort();
    return names.flatMap((name) => [name, `${name}.asc`, `${name}.sha256`, `${name}.sha512`]);
  }

  /** changes.csv: `"path","current_release_date"`, newest first, no header. */
  async changesCsv(principal: Principal, folder: CsafFolder): Promise<string> {
    const entries = await this.entries(principal, folder);
    return entries.map((entry) => `"${entry.path}","${entry.current}"\n`).join('');
  }

  /**
   * One document (or its hash / signature) the principal may see in this folder and year.
   * Fetching an AMBER or RED document is audited as an export.
   * @throws AppError NOT_FOUND
   */
  async artifact(principal: Principal, folder: CsafFolder, year: string, fileName: string, options: { audit: boolean; ip: string | null }): Promise<CsafArtifact> {
    const id = this.advisoryIdOf(fileName);
    const row = id ? await findCsafAdvisory(this.deps.db, principal, tlpLevelsOf(labelOf(folder)), id) : undefined;
    if (!row || this.entry(row).path !== `${year}/${fileName}`) throw notFound('CSAF document');
    if (options.audit && isMoreRestrictive(row.tlp, 'green')) {
      await recordAuditNow(this.deps.db, auditActorOf(principal, options.ip), { action: 'advisory.exported', objectType: 'advisory', objectId: row.id, tlp: row.tlp, details: { format: 'csaf-2.0', version: row.version } });
    }
    return this.generate(row);
  }

  private generate(row: CsafAdvisoryRow): Promise<CsafArtifact> {
    const key = `${row.id}:${row.version}:${row.status}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const pending = this.build(row);
    pending.catch(() => this.cache.delete(key));
    this.cache.set(key, pending);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return pending;
  }

  private async build(row: CsafAdvisoryRow): Promise<CsafArtifact> {
    const { settings, baseUrl } = this.deps;
    const revisions = await revisionDates(this.deps.db, row.id);
    const document = advisoryToCsaf(
      { id: row.id, content: row.content, status: row.status, revisions, withdrawnAt: row.withdrawnAt },
      {
        publisher: { name: settings.publisherName, namespace: settings.publisherNamespace, contactDetails: settings.contactDetails, issuingAuthority: settings.issuingAuthority },
        trackingIdPrefix: settings.trackingIdPrefix,
        webUrl: advisoryLink(baseUrl, row.id),
      },
    );
    const json = `${JSON.stringify(document, null, 2)}\n`;
    const fileName = this.fileNameOf(row.id);
    const digest = (algorithm: string) => `${createHash(algorithm).update(json, 'utf8').digest('hex')}  ${fileName}\n`;
    const signingKey = await this.deps.signingKey();
    return { json, sha256: digest('sha256'), sha512: digest('sha512'), asc: await signingKey.sign(json), fileName };
  }
}
